import type { Router } from 'express';
import { strictRouter } from '../strict-router.js';
import type { Store } from '../../db/create-db.js';
import { findCityBySlug } from '../../db/repositories/cities.js';
import { parseRaise } from '../../domain/what-if.js';
import { cityTargetsJson, setCityTarget, targetInstrument } from '../../services/city-targets.js';
import { loadWaveScoring } from '../../services/wave-scoring.js';
import { whatIfJson } from '../../services/what-if.js';
import { requireRole } from '../auth/require-role.js';
import { targetBodySchema } from '../openapi/api-schemas.js';
import { HttpError } from '../http-error.js';
import { peersOf, readQuery } from '../query-params.js';

/** A city's own targets (GET, PUT) and the what-if (GET), under /api/v1. */
export function targetApiRoutes(store: Store, now: () => Date): Router {
  const router = strictRouter();
  const cityOf = async (slug: string) => {
    const city = await findCityBySlug(store.db, slug);
    if (!city) throw new HttpError('city-not-found', `No city called "${slug}".`);
    return city;
  };

  router.get('/cities/:slug/targets', async (req, res) => {
    const query = readQuery(req);
    const city = await cityOf(req.params.slug);
    res.json(
      await cityTargetsJson(store.db, city, await targetInstrument(store.db, query.wave, query.instrument), query.wave),
    );
  });

  router.put<{ slug: string }>('/cities/:slug/targets', requireRole('analyst'), async (req, res) => {
    const city = await cityOf(req.params.slug);
    const parsed = targetBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError(
        'body-invalid',
        `Body field "${issue.path.join('.') || '(body)'}": ${issue.message}. Send JSON such as {"wave": 2026, "dimension": "sovereignty", "value": 70}.`,
      );
    }
    const body = parsed.data;
    res.json(
      await setCityTarget(store.db, {
        city: city.slug,
        wave: body.wave,
        dimension: body.dimension,
        value: body.value,
        ...(body.instrument !== undefined ? { instrument: body.instrument } : {}),
        actor: req.user!.name,
        ip: req.ip ?? null,
        now: now(),
      }),
    );
  });

  router.get('/cities/:slug/what-if', async (req, res) => {
    const query = readQuery(req);
    if (query.wave === undefined)
      throw new HttpError('wave-missing', 'Query parameter "wave" is required, e.g. ?wave=2026.');
    const city = await cityOf(req.params.slug);
    const raiseText = typeof req.query.raise === 'string' ? req.query.raise.slice(0, 500) : '';
    const lang = req.query.lang ?? 'en';
    if (lang !== 'en' && lang !== 'nl')
      throw new HttpError('query-invalid', 'Query parameter "lang" must be en or nl.');
    const ws = await loadWaveScoring(store.db, query.wave, query.instrument);
    res.json(whatIfJson(ws, city.slug, parseRaise(ws.instrument, raiseText), peersOf(query), lang));
  });

  return router;
}
