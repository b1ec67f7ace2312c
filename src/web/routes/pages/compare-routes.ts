import type { Router } from 'express';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { DEFAULT_PEER_GROUP } from '../../../domain/peer-groups.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { findCityIn } from '../../../services/find-city.js';
import { peerSlugs } from '../../../services/gaps-json.js';
import { pageLocals } from '../../page-locals.js';
import { presentCompare } from '../../presenters/compare-page.js';
import { safeJson } from '../../presenters/safe-json.js';
import { readQuery, waveOrLatest } from '../../query-params.js';
import { segmentControl } from './segment-control.js';
import { strictRouter } from '../../strict-router.js';

/**
 * GET /compare?cities=Gent,Antwerpen&peers=largest:5 : the first city is the
 * focus; its peers (by default largest:5 when only one city is given) join it.
 */
export function compareRoutes(store: Store): Router {
  const router = strictRouter();
  router.get('/compare', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const names = query.cities ?? [];
    const wave = await waveOrLatest(store.db, query);
    const waves = await listWaves(store.db);
    const base = { ...locals, title: locals.t('compareTitle'), waves, cities: names.join(', ') };
    if (wave === null || names.length === 0) {
      res.render('compare', {
        ...base,
        view: null,
        noData: wave === null,
        peers: (query.peers ?? DEFAULT_PEER_GROUP).text,
        segment: null,
      });
      return;
    }
    const dw = await loadDashboardWave(store.db, wave, query.instrument, query.segment);
    const slugs = names.map((n) => findCityIn(dw.ws, n).slug);
    const peerGroup = query.peers ?? (slugs.length === 1 ? DEFAULT_PEER_GROUP : null);
    const peers = peerGroup === null ? [] : peerSlugs(dw.ws, slugs[0]!, peerGroup.spec);
    const peerSpec = peerGroup?.text ?? '';
    const view = presentCompare(dw, slugs[0]!, slugs.slice(1), peers, peerSpec, locals.lang);
    res.render('compare', {
      ...base,
      title: `${locals.t('compareTitle')} ${wave}`,
      view,
      noData: false,
      peers: peerSpec,
      segment: segmentControl(dw, locals.lang),
      radarJson: safeJson(view.radar),
      barsJson: safeJson(view.bars),
    });
  });
  return router;
}
