import type { Router } from 'express';
import type { Store } from '../../../db/create-db.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { peerGroupName } from '../../../domain/peer-group-name.js';
import { DEFAULT_PEER_GROUP } from '../../../domain/peer-groups.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { checkPeers, splitCityNames } from '../../../services/peer-choice.js';
import { noPeerTicked, peerFilterOf, peerFormRedirect } from '../../peer-form.js';
import { presentPeerPicker } from '../../presenters/peer-picker.js';
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
    const redirect = peerFormRedirect(req);
    if (redirect !== null) {
      res.redirect(303, redirect);
      return;
    }
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const names = query.cities ?? [];
    const wave = await waveOrLatest(store.db, query);
    const waves = await listWaves(store.db);
    const base = { ...locals, title: locals.t('compareTitle'), waves, cities: names.join(', ') };
    // No comparison to draw: the form (and why), with the peer group as asked.
    const renderEmpty = (noData: boolean, cityNotes: readonly unknown[]) =>
      res.render('compare', {
        ...base,
        view: null,
        noData,
        peers: (query.peers ?? DEFAULT_PEER_GROUP).text,
        segment: null,
        cityNotes,
      });
    if (wave === null || names.length === 0) {
      renderEmpty(wave === null, []);
      return;
    }
    const dw = await loadDashboardWave(store.db, wave, query.instrument, query.segment);
    // Unknown names are a message on the page with suggestions, not an error page.
    const { known, unknown } = splitCityNames(dw.ws, names);
    const cityNotes = unknown.map((u) => ({
      ...u,
      links: u.suggestions.map((s) => ({ name: s, cities: names.map((n) => (n === u.name ? s : n)).join(',') })),
    }));
    if (known.length === 0) {
      renderEmpty(false, cityNotes);
      return;
    }
    const slugs = known.map((c) => c.slug);
    const asked = noPeerTicked(req) ? null : (query.peers ?? null);
    const choice = asked === null && slugs.length > 1 ? null : checkPeers(dw.ws, asked ?? DEFAULT_PEER_GROUP);
    const peerGroup = choice?.peers ?? null;
    const peers = peerGroup === null ? [] : peerSlugs(dw.ws, slugs[0]!, peerGroup.spec);
    const peerNames = peers.map((slug) => dw.ws.citiesBySlug.get(slug)?.name ?? slug);
    const peerWords = peerGroup === null ? '' : peerGroupName(peerGroup.spec, locals.lang, peerNames);
    const view = presentCompare(dw, slugs[0]!, slugs.slice(1), peers, peerWords, locals.lang);
    const peerPicker = presentPeerPicker({
      ws: dw.ws,
      focusSlug: slugs[0]!,
      asked,
      choice: choice ?? { peers: DEFAULT_PEER_GROUP, unknown: [], fellBack: false },
      peerSlugs: peers,
      lang: locals.lang,
      filter: peerFilterOf(req),
      noneTicked: noPeerTicked(req),
    });
    res.render('compare', {
      ...base,
      title: `${locals.t('compareTitle')} ${wave}`,
      view,
      noData: false,
      peers: peerGroup?.text ?? '',
      cities: known.map((c) => c.name).join(', '),
      cityNotes,
      // Without a peer group (several cities compared) no preset is marked.
      peerPicker:
        choice === null
          ? { ...peerPicker, presets: peerPicker.presets.map((p) => ({ ...p, checked: false })) }
          : peerPicker,
      segment: segmentControl(dw, locals.lang),
      radarJson: safeJson(view.radar),
      barsJson: safeJson(view.bars),
    });
  });
  return router;
}
