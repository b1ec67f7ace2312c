import type { Router } from 'express';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/waves.js';
import { parseInstrument } from '../../../domain/instrument-schema.js';
import { HttpError } from '../../http-error.js';
import { pageLocals } from '../../page-locals.js';
import { presentInstrument } from '../../presenters/instrument-page.js';
import { readPageQuery } from './page-query.js';
import { strictRouter } from '../../strict-router.js';

/** GET /instrument[?instrument=id] : the codebook (the wave's instrument by default). */
export function instrumentRoutes(store: Store): Router {
  const router = strictRouter();
  router.get('/instrument', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readPageQuery(req);
    const waves = await listWaves(store.db);
    const all = await store.db.selectFrom('instruments').select(['id', 'definition']).orderBy('id').execute();
    const wanted = query.instrument ?? waves.find((w) => query.wave === undefined || w.year === query.wave)?.instrumentId ?? all[0]?.id;
    const row = all.find((r) => r.id === wanted);
    if (wanted !== undefined && !row) throw new HttpError(404, 'instrument-not-found', `No instrument called "${wanted}".`);
    const base = { ...locals, title: locals.t('instrument'), instruments: all.map((r) => r.id) };
    if (!row) {
      res.render('instrument', { ...base, view: null });
      return;
    }
    const json = JSON.parse(row.definition) as { answerLabels?: Record<string, string[]> };
    const view = presentInstrument(parseInstrument(json), json.answerLabels, locals.lang);
    res.render('instrument', { ...base, title: `${locals.t('instrument')}: ${view.name}`, view });
  });
  return router;
}
