import { type Router, type Application } from 'express';
import type { Kysely } from 'kysely';
import type { Store } from '../../../db/create-db.js';
import type { Database } from '../../../db/schema.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { loadDashboardWave } from '../../../services/dashboard-data.js';
import { cachedRead } from '../../../services/read-cache.js';
import type { PageLocals } from '../../page-locals.js';
import { pageLocals } from '../../page-locals.js';
import { presentOverview } from '../../presenters/overview-page.js';
import { safeJson } from '../../presenters/safe-json.js';
import { peersOf, readQuery, waveOrLatest, type PageQuery } from '../../query-params.js';
import { segmentControl } from './segment-control.js';
import { strictRouter } from '../../strict-router.js';

/** GET / : the overview of a wave (or the empty state with a link to the imports). */
export function overviewRoutes(store: Store, homeCity = 'Gent'): Router {
  const router = strictRouter();
  router.get('/', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const { heatTable, ...model } = await overviewModel(store.db, req.app, query, locals, homeCity);
    // The page around the table is rendered per request (it shows the user and a CSRF token); the
    // table goes out as the bytes cached with the model: encoding the whole page to UTF-8 again on
    // every request was most of a cached request's cost (docs/performance.md).
    const html = await new Promise<string>((resolve, reject) =>
      res.render(
        'overview',
        { ...locals, ...model, peers: peersOf(query).text, heatTableHtml: TABLE_SLOT },
        (error, page) => (error ? reject(error) : resolve(page)),
      ),
    );
    const at = html.indexOf(TABLE_SLOT);
    if (at < 0) {
      res.type('html').send(html);
      return;
    }
    // Written as three parts (one writev), not concatenated: no copy of the page into one buffer.
    const head = Buffer.from(html.slice(0, at));
    const tail = Buffer.from(html.slice(at + TABLE_SLOT.length));
    res.type('html').setHeader('Content-Length', head.length + heatTable.length + tail.length);
    res.write(head);
    res.write(heatTable);
    res.end(tail);
  });
  return router;
}

/**
 * What the overview template shows, built once per data version and view
 * state (wave, instrument, segment, peers, language: everything its links
 * carry) with `cachedRead`: the view model, and the heat table (a row per
 * city, most of the page) as rendered HTML. A repeated request costs one small
 * query and the rendering of the rest of the page (header, controls: per user).
 */
function overviewModel(db: Kysely<Database>, app: Application, query: PageQuery, locals: PageLocals, homeCity: string) {
  const key = `overview-page|${JSON.stringify([query.wave ?? null, query.instrument ?? null, query.segment ?? null, query.peers?.text ?? null, locals.lang])}`;
  return cachedRead(db, key, async () => {
    const wave = await waveOrLatest(db, query);
    const waves = await listWaves(db);
    if (wave === null) return { title: locals.t('overview'), view: null, waves, heatTable: Buffer.alloc(0) };
    const dw = await loadDashboardWave(db, wave, query.instrument, query.segment);
    const view = presentOverview(dw, locals.lang);
    const wanted = homeCity.toLowerCase();
    const home = view.rows.find((r) => r.slug === wanted || r.city.toLowerCase() === wanted) ?? null;
    return {
      home,
      title: `${locals.t('overview')} ${wave}`,
      view,
      waves,
      segment: segmentControl(dw, locals.lang),
      distributionJson: safeJson(view.distributionChart),
      heatTable: Buffer.from(
        await renderView(app, 'partials/heat-table', { ...locals, view, homeSlug: home?.slug ?? null }),
      ),
    };
  });
}

/** Where the rendered page gets the cached heat table (a comment: harmless if it were ever sent). */
const TABLE_SLOT = '<!--heat-table-->';

function renderView(app: Application, name: string, options: object): Promise<string> {
  return new Promise((resolve, reject) =>
    app.render(name, options, (error, html) => (error ? reject(error) : resolve(html))),
  );
}
