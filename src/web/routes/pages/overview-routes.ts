import { Router } from 'express';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/waves.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { pageLocals } from '../../page-locals.js';
import { presentOverview } from '../../presenters/overview-page.js';
import { safeJson } from '../../presenters/safe-json.js';
import { peersOf, waveOrLatest } from '../../query-params.js';
import { readPageQuery } from './page-query.js';
import { segmentControl } from './segment-control.js';

/** GET / : the overview of a wave (or the empty state with a link to the imports). */
export function overviewRoutes(store: Store): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readPageQuery(req);
    const wave = await waveOrLatest(store.db, query);
    const waves = await listWaves(store.db);
    if (wave === null) {
      res.render('overview', { ...locals, title: locals.t('overview'), view: null, waves, peers: peersOf(query) });
      return;
    }
    const dw = await loadDashboardWave(store.db, wave, query.instrument, query.segment);
    const view = presentOverview(dw, locals.lang);
    res.render('overview', {
      ...locals,
      title: `${locals.t('overview')} ${wave}`,
      view,
      waves,
      peers: peersOf(query),
      segment: segmentControl(dw, locals.lang),
      distributionJson: safeJson(view.distributionChart),
    });
  });
  return router;
}
