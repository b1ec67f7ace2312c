import type { Router } from 'express';
import type { Store } from '../../db/create-db.js';
import { findCityBySlug, listCities } from '../../db/repositories/cities.js';
import { listImports } from '../../db/repositories/imports.js';
import { listWaves } from '../../db/repositories/waves.js';
import { commonGaps } from '../../domain/common-gaps.js';
import { loadGapsJson } from '../../services/gaps-json-body.js';
import type { HeavyPool } from '../../offload/heavy-pool.js';
import { loadScoresJson } from '../../services/scores-json-body.js';
import { sendPrepared } from '../send-prepared.js';
import { loadDashboardWave } from '../../services/dashboard-data.js';
import { HttpError } from '../http-error.js';
import { listPeerGroups } from '../../db/repositories/peer-groups.js';
import { rankStabilityOf } from './rank-stability-query.js';
import { peersOf, readQuery } from '../query-params.js';
import { strictRouter } from '../strict-router.js';

/** JSON API under /api/v1: the same data and shapes as the CLI's --json. */
export function apiRoutes(store: Store, heavy: HeavyPool): Router {
  const router = strictRouter();
  const requireWave = (wave: number | undefined): number => {
    if (wave === undefined) throw new HttpError('wave-missing', 'Query parameter "wave" is required, e.g. ?wave=2026.');
    return wave;
  };

  router.get('/waves', async (_req, res) => {
    const waves = await listWaves(store.db);
    res.json(waves.map((w) => ({ wave: w.year, instrument: w.instrumentId, respondents: w.respondents })));
  });

  router.get('/cities', async (_req, res) => {
    const cities = await listCities(store.db);
    res.json(cities.map((c) => ({ city: c.name, slug: c.slug, country: c.country, population: c.population })));
  });

  router.get('/imports', async (_req, res) => {
    res.json(await listImports(store.db));
  });

  router.get('/scores', async (req, res) => {
    const query = readQuery(req);
    const rankStability = rankStabilityOf(req.query);
    const body = await loadScoresJson(store.db, heavy, {
      wave: requireWave(query.wave),
      ...(query.instrument !== undefined ? { instrument: query.instrument } : {}),
      ...(query.city !== undefined ? { city: query.city } : {}),
      ...(query.segment !== undefined ? { segment: query.segment } : {}),
      ...(rankStability ? { rankStability } : {}),
    });
    sendPrepared(req, res, body);
  });

  router.get('/peer-groups', async (_req, res) => {
    res.json(await listPeerGroups(store.db));
  });

  router.get('/common-gaps', async (req, res) => {
    const query = readQuery(req);
    const { ws } = await loadDashboardWave(store.db, requireWave(query.wave), query.instrument, query.segment);
    res.json(commonGaps(ws.instrument, ws.cities));
  });

  router.get('/cities/:slug/gaps', async (req, res) => {
    const query = readQuery(req);
    const city = await findCityBySlug(store.db, req.params.slug);
    if (!city) throw new HttpError('city-not-found', `No city called "${req.params.slug}".`);
    const lang = req.query.lang ?? 'en';
    if (lang !== 'en' && lang !== 'nl')
      throw new HttpError('query-invalid', 'Query parameter "lang" must be en or nl.');
    const body = await loadGapsJson(store.db, {
      wave: requireWave(query.wave),
      ...(query.instrument !== undefined ? { instrument: query.instrument } : {}),
      ...(query.segment !== undefined ? { segment: query.segment } : {}),
      city: city.slug,
      peers: peersOf(query),
      lang,
    });
    sendPrepared(req, res, body);
  });

  return router;
}
