import { Router } from 'express';
import type { Store } from '../../db/create-db.js';
import { listWaves } from '../../db/waves.js';
import { gapsJson } from '../../services/gaps-json.js';
import { loadWaveScoring } from '../../services/wave-scoring.js';
import { findCityBySlug } from '../../db/cities.js';
import { HttpError } from '../http-error.js';
import { pageLocals } from '../page-locals.js';
import { presentCityPage } from '../presenters/city-page.js';
import { presentOverview } from '../presenters/overview-page.js';
import { safeJson } from '../presenters/safe-json.js';
import { peersOf, readQuery, waveOrLatest } from '../query-params.js';

/** The server-rendered pages: overview of a wave and the city page. */
export function pageRoutes(store: Store): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const wave = await waveOrLatest(store.db, query);
    const waves = await listWaves(store.db);
    if (wave === null) {
      res.render('overview', { ...locals, title: locals.t('overview'), view: null, waves });
      return;
    }
    const ws = await loadWaveScoring(store.db, wave, query.instrument);
    res.render('overview', { ...locals, title: `${locals.t('overview')} ${wave}`, view: presentOverview(ws, locals.lang), waves, peers: peersOf(query) });
  });

  router.get('/cities/:slug', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const city = await findCityBySlug(store.db, req.params.slug);
    if (!city) throw new HttpError(404, 'city-not-found', `No city called "${req.params.slug}".`);
    const wave = await waveOrLatest(store.db, query);
    if (wave === null) throw new HttpError(404, 'wave-not-found', 'No survey data yet: import a survey first.');
    const ws = await loadWaveScoring(store.db, wave, query.instrument);
    const peers = peersOf(query);
    const view = presentCityPage(ws, gapsJson(ws, city.slug, peers), locals.lang);
    res.render('city', {
      ...locals,
      title: `${city.name} ${wave}`,
      view,
      waves: await listWaves(store.db),
      peers,
      radarJson: safeJson(view.radar),
    });
  });

  return router;
}
