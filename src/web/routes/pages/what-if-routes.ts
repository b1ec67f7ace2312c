import type { Router } from 'express';
import { strictRouter } from '../../strict-router.js';
import { z } from 'zod';
import { roleAtLeast } from '../../../auth/role.js';
import { findCityBySlug } from '../../../db/repositories/cities.js';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { formatDecimal } from '../../../domain/figure-labels.js';
import { localize } from '../../../domain/instrument.js';
import { parseRaise } from '../../../domain/what-if.js';
import { setCityTarget } from '../../../services/city-targets.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { whatIfJson } from '../../../services/what-if.js';
import { requireRole } from '../../auth/require-role.js';
import { HttpError } from '../../http-error.js';
import { parseLang } from '../../i18n.js';
import { langLinkOf, pageLocals } from '../../page-locals.js';
import { peersOf, readQuery, waveOrLatest } from '../../query-params.js';
import { checkPeers } from '../../../services/peer-choice.js';

const targetForm = z.object({
  wave: z
    .string()
    .regex(/^\d{4}$/, 'the wave must be a year such as 2026')
    .transform(Number),
  dimension: z.string().min(1).max(100),
  value: z.string().min(1, 'give a target from 0 to 100').max(20),
});

/** POST /cities/:slug/targets (the city page's form) and GET /cities/:slug/what-if. */
export function whatIfRoutes(store: Store, now: () => Date = () => new Date()): Router {
  const router = strictRouter();

  router.post<{ slug: string }>('/cities/:slug/targets', requireRole('analyst'), async (req, res) => {
    const city = await findCityBySlug(store.db, req.params.slug);
    if (!city) throw new HttpError('city-not-found', `No city called "${req.params.slug}".`);
    const parsed = targetForm.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HttpError('form-invalid', `Field "${String(issue.path[0])}": ${issue.message}.`);
    }
    const { wave, dimension, value } = parsed.data;
    await setCityTarget(store.db, {
      city: city.slug,
      wave,
      dimension,
      value,
      actor: req.user!.name,
      ip: req.ip ?? null,
      now: now(),
    });
    res.redirect(303, `${langLinkOf(`/cities/${city.slug}?wave=${wave}`, parseLang(req.query.lang))}#targets`);
  });

  router.get('/cities/:slug/what-if', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const city = await findCityBySlug(store.db, req.params.slug);
    if (!city) throw new HttpError('city-not-found', `No city called "${req.params.slug}".`);
    const wave = await waveOrLatest(store.db, query);
    if (wave === null)
      throw new HttpError('no-data', 'No survey data yet: import a survey first (see the imports page).');
    const dw = await loadDashboardWave(store.db, wave, query.instrument, query.segment);
    // `raise=SOV:70,impact:55` from a link, or one `to.<key>` field per dimension from the page's form.
    const fields = Object.entries(req.query)
      .filter(([k, v]) => k.startsWith('to.') && typeof v === 'string' && v.trim() !== '')
      .map(([k, v]) => `${k.slice(3)}:${String(v)}`);
    const raiseText = [typeof req.query.raise === 'string' ? req.query.raise.slice(0, 500) : '', ...fields]
      .filter((s) => s !== '')
      .join(',');
    const raise = parseRaise(dw.ws.instrument, raiseText);
    // The same group as the city page shows: unknown names set aside (named there, with suggestions).
    const peers = checkPeers(dw.ws, peersOf(query)).peers;
    const result = whatIfJson(dw.ws, city.slug, raise, peers, locals.lang);
    const num = (v: number | null) => formatDecimal(locals.lang, v, 1);
    const labelOf = (key: string) =>
      localize(dw.ws.instrument.dimensions.find((d) => d.key === key)?.label, locals.lang);
    // The same cells before and after the raise.
    const cellsOf = (d: (typeof result.before.dimensions)[number]) => ({
      score: num(d.score),
      level: d.level ?? '—',
      gap: num(d.gapToPeers),
      clear: d.significant,
      rank: d.rank ?? '—',
    });
    res.render('what-if', {
      ...locals,
      title: `${city.name} ${wave}`,
      view: { city: city.name, slug: city.slug, wave, synthetic: dw.ws.synthetic, peerGroup: peers.text },
      waves: await listWaves(store.db),
      canEdit: req.user !== undefined && roleAtLeast(req.user.role, 'analyst'),
      result,
      raised: result.raise.map((r) => ({ label: labelOf(r.dimension), from: num(r.from), to: num(r.to) })),
      rows: result.before.dimensions.map((b, i) => ({
        label: labelOf(b.key),
        changed: result.raise.some((r) => r.dimension === b.key),
        before: cellsOf(b),
        after: cellsOf(result.after.dimensions[i]!),
      })),
      index: { before: num(result.before.index), after: num(result.after.index) },
    });
  });
  return router;
}
