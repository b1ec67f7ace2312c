import type { Router } from 'express';
import type { Store } from '../../db/create-db.js';
import type { HeavyPool } from '../../offload/heavy-pool.js';
import { isReportFormat, REPORT_FORMATS } from '../../reports/report-formats.js';
import { downloadGapReport } from '../../services/download-gap-report.js';
import { contentDisposition } from '../content-disposition.js';
import { HttpError } from '../http-error.js';
import { peersOf, readQuery, waveOrLatest } from '../query-params.js';
import { strictRouter } from '../strict-router.js';

/** Gap report downloads: /reports/gap.{pdf,xlsx,csv,html}?city=&wave=&peers=&lang=&segment= */
export function reportRoutes(store: Store, now: () => Date, heavy: HeavyPool): Router {
  const router = strictRouter();

  router.get('/gap.:format', async (req, res) => {
    const format = req.params.format;
    if (!isReportFormat(format)) {
      throw new HttpError('format-not-found', `No report format "${format}": use one of ${REPORT_FORMATS.join(', ')}.`);
    }
    const query = readQuery(req);
    if (query.city === undefined)
      throw new HttpError('city-missing', 'Query parameter "city" is required, e.g. ?city=gent.');
    const lang = req.query.lang ?? 'en';
    if (lang !== 'en' && lang !== 'nl')
      throw new HttpError('query-invalid', 'Query parameter "lang" must be en or nl.');
    const wave = await waveOrLatest(store.db, query);
    if (wave === null) throw new HttpError('wave-not-found', 'No survey data yet: import a survey first.');
    const file = await downloadGapReport(
      store.db,
      heavy,
      {
        city: query.city,
        wave,
        ...(query.instrument !== undefined ? { instrument: query.instrument } : {}),
        peers: peersOf(query),
        lang,
        format,
        now: now(),
        ...(query.segment !== undefined ? { segment: query.segment } : {}),
      },
      { actor: req.user!.name, ip: req.ip ?? null },
    );
    res.set({
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition(file.fileName),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.send(file.bytes);
  });

  return router;
}
