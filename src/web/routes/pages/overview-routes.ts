import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Store } from '../../../db/create-db.js';
import type { Database } from '../../../db/schema.js';
import { listWaves } from '../../../db/waves.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { cachedRead } from '../../../services/read-cache.js';
import { translate, type Lang } from '../../i18n.js';
import { pageLocals } from '../../page-locals.js';
import { presentOverview } from '../../presenters/overview-page.js';
import { safeJson } from '../../presenters/safe-json.js';
import { peersOf, waveOrLatest } from '../../query-params.js';
import { readPageQuery, type PageQuery } from './page-query.js';
import { segmentControl } from './segment-control.js';

/** GET / : the overview of a wave (or the empty state with a link to the imports). */
export function overviewRoutes(store: Store): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readPageQuery(req);
    const model = await overviewModel(store.db, query, locals.lang);
    res.render('overview', { ...locals, ...model, peers: peersOf(query) });
  });
  return router;
}

/**
 * What the overview template shows, built once per data version, wave,
 * instrument, segment and language (`cachedRead`): a repeated request costs
 * one small query and the template's rendering.
 */
function overviewModel(db: Kysely<Database>, query: PageQuery, lang: Lang) {
  const key = `overview-page|${JSON.stringify([query.wave ?? null, query.instrument ?? null, query.segment ?? null, lang])}`;
  return cachedRead(db, key, async () => {
    const wave = await waveOrLatest(db, query);
    const waves = await listWaves(db);
    if (wave === null) return { title: translate(lang, 'overview'), view: null, waves };
    const dw = await loadDashboardWave(db, wave, query.instrument, query.segment);
    const view = presentOverview(dw, lang);
    return {
      title: `${translate(lang, 'overview')} ${wave}`,
      view,
      waves,
      segment: segmentControl(dw, lang),
      distributionJson: safeJson(view.distributionChart),
    };
  });
}
