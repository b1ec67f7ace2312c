import type { Router } from 'express';
import { findCityBySlug, loadCityDirectory } from '../../../db/repositories/cities.js';
import { suggestCities } from '../../../domain/city-suggestions.js';
import { checkPeers } from '../../../services/peer-choice.js';
import { noPeerTicked, peerFilterOf, peerFormRedirect } from '../../peer-form.js';
import { presentPeerPicker } from '../../presenters/peer-picker.js';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { loadCityTrend, loadDashboardWave, loadQuestionScores } from '../../../services/dashboard-data.js';
import { loadIndexUncertainty } from '../../../services/index-uncertainty-data.js';
import { ServerBusyError, type HeavyPool } from '../../../offload/heavy-pool.js';
import { gapsJson, peerSlugs } from '../../../services/gaps-json.js';
import { HttpError } from '../../http-error.js';
import { pageLocals } from '../../page-locals.js';
import { presentCityPage } from '../../presenters/city-page.js';
import { presentVerdict } from '../../presenters/priorities.js';
import { presentTargets } from '../../presenters/targets-section.js';
import { listCityTargets } from '../../../db/repositories/city-targets.js';
import { roleAtLeast } from '../../../auth/role.js';
import { safeJson } from '../../presenters/safe-json.js';
import { peersOf, readQuery, waveOrLatest } from '../../query-params.js';
import { segmentControl } from './segment-control.js';
import { strictRouter } from '../../strict-router.js';

/** GET /cities/:slug : a city against its peers, with gaps, drill-down and trend. */
export function cityRoutes(store: Store, heavy: HeavyPool): Router {
  const router = strictRouter();
  router.get('/cities/:slug', async (req, res) => {
    const redirect = peerFormRedirect(req);
    if (redirect !== null) {
      res.redirect(303, redirect);
      return;
    }
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const city = await findCityBySlug(store.db, req.params.slug);
    if (!city) {
      const near = suggestCities(req.params.slug, (await loadCityDirectory(store.db)).spellings);
      throw new HttpError(
        'city-not-found',
        `No city called "${req.params.slug}".` + (near.length > 0 ? ` Did you mean ${near.join(', ')}?` : ''),
      );
    }
    const wave = await waveOrLatest(store.db, query);
    if (wave === null)
      throw new HttpError('no-data', 'No survey data yet: import a survey first (see the imports page).');
    const dw = await loadDashboardWave(store.db, wave, query.instrument, query.segment);
    if (dw.segment && dw.full.citiesBySlug.has(city.slug) && !dw.ws.citiesBySlug.has(city.slug)) {
      throw new HttpError(
        'city-not-in-segment',
        `${city.name} has no respondents with ${dw.segment.key} = ${dw.segment.value} in wave ${wave}.`,
      );
    }
    const asked = noPeerTicked(req) ? null : (query.peers ?? null);
    const choice = checkPeers(dw.ws, asked ?? peersOf({}));
    const peers = choice.peers;
    const gaps = gapsJson(dw.ws, city.slug, peers, locals.lang);
    const slugs = [city.slug, ...peerSlugs(dw.ws, city.slug, peers.spec)];
    const [questions, trend] = await Promise.all([
      loadQuestionScores(store.db, dw, slugs),
      loadCityTrend(store.db, dw, city.slug),
    ]);
    // Index and rank intervals from the respondents (bootstrap with weight draws), the same for every
    // city page of the wave: computed on the worker pool once per data version. Over all respondents
    // only: no segment view. With the pool full the page still renders, without the intervals.
    const ranks = dw.segment
      ? null
      : await loadIndexUncertainty(store.db, heavy, dw.ws).catch((error: unknown) => {
          if (error instanceof ServerBusyError) return null;
          throw error;
        });
    const stability = ranks?.cities.find((c) => c.city === city.slug) ?? null;
    const view = presentCityPage(dw, { gaps, lang: locals.lang, questions, trend, rankStability: stability });
    res.render('city', {
      ...locals,
      title: `${city.name} ${wave}`,
      view,
      waves: await listWaves(store.db),
      peers: peers.text,
      peerPicker: presentPeerPicker({
        ws: dw.ws,
        focusSlug: city.slug,
        asked,
        choice,
        peerSlugs: slugs.slice(1),
        lang: locals.lang,
        filter: peerFilterOf(req),
        noneTicked: noPeerTicked(req),
      }),
      segment: segmentControl(dw, locals.lang),
      verdictView: presentVerdict(dw.ws, gaps, locals.lang),
      targetsView: presentTargets(
        dw.ws.instrument,
        await listCityTargets(store.db, city.id, dw.ws.instrument.id),
        trend,
        wave,
        locals.lang,
        req.user !== undefined && roleAtLeast(req.user.role, 'analyst'),
      ),
      radarJson: safeJson(view.radar),
      gapJson: safeJson(view.gapChart),
      trendJson: view.trendChart === null ? null : safeJson(view.trendChart),
    });
  });
  return router;
}
