import type { Router } from 'express';
import Papa from 'papaparse';
import type { Store } from '../../../db/create-db.js';
import { findInstrument, listInstrumentDefinitions } from '../../../db/repositories/instruments.js';
import { listWaves } from '../../../db/repositories/waves.js';
import { parseInstrument } from '../../../domain/instrument-schema.js';
import { surveyTemplateRows } from '../../../domain/survey-template.js';
import { contentDisposition } from '../../content-disposition.js';
import { HttpError } from '../../http-error.js';
import { pageLocals } from '../../page-locals.js';
import { presentInstrument } from '../../presenters/instrument-page.js';
import { readQuery } from '../../query-params.js';
import { strictRouter } from '../../strict-router.js';

/** GET /instrument[?instrument=id] : the codebook (the wave's instrument by default). */
export function instrumentRoutes(store: Store): Router {
  const router = strictRouter();
  router.get('/instrument', async (req, res) => {
    const locals = pageLocals(req, res);
    const query = readQuery(req);
    const waves = await listWaves(store.db);
    const all = await listInstrumentDefinitions(store.db);
    const wanted =
      query.instrument ??
      waves.find((w) => query.wave === undefined || w.year === query.wave)?.instrumentId ??
      all[0]?.id;
    const row = all.find((r) => r.id === wanted);
    if (wanted !== undefined && !row) throw new HttpError('instrument-not-found', `No instrument called "${wanted}".`);
    const base = { ...locals, title: locals.t('instrument'), instruments: all.map((r) => r.id) };
    if (!row) {
      res.render('instrument', { ...base, view: null });
      return;
    }
    const json = JSON.parse(row.definition) as { answerLabels?: Record<string, string[]> };
    const view = presentInstrument(parseInstrument(json), json.answerLabels, locals.lang);
    res.render('instrument', { ...base, title: `${locals.t('instrument')}: ${view.name}`, view });
  });
  // A CSV template the importer accepts for this instrument (UTF-8 with BOM; ";" for Dutch Excel).
  router.get('/instrument/:id/template.csv', async (req, res) => {
    const instrument = await findInstrument(store.db, req.params.id);
    if (!instrument) throw new HttpError('instrument-not-found', `No instrument called "${req.params.id}".`);
    const delimiter = req.query.lang === 'nl' ? ';' : ',';
    const csv = Papa.unparse(surveyTemplateRows(instrument), { delimiter, newline: '\r\n' });
    res.set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': contentDisposition(`${instrument.id}-template.csv`),
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(`\uFEFF${csv}\r\n`);
  });
  return router;
}
