import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { cachedRead } from '../services/read-cache.js';
import { loadGapReport, type GapReportRequest } from './load-gap-report.js';
import { renderCsv } from './render-csv.js';
import { reportFileName, type ReportFormat } from './report-formats.js';

export interface ReportFile {
  readonly bytes: Buffer;
  readonly fileName: string;
}

/**
 * A gap report file as the web app serves it: the PDF, XLSX and HTML drawn
 * on the worker pool (charts and layout cost a few hundred ms of CPU), the
 * CSV here (a few ms). Kept per data version (`cachedRead`, bounded in bytes):
 * the same report asked again is the same file — including its "generated"
 * time, which is then the time it was first made for this data.
 */
export async function loadReportFile(
  db: Kysely<Database>,
  heavy: HeavyPool,
  request: GapReportRequest,
  format: ReportFormat,
): Promise<ReportFile> {
  const key = `report-file|${JSON.stringify([format, request.city, request.wave, request.instrument ?? null, request.peers?.text ?? null, request.segment ?? null, request.lang ?? 'en'])}`;
  return cachedRead(
    db,
    key,
    async () => {
      const report = await loadGapReport(db, request, heavy);
      const bytes = format === 'csv' ? renderCsv(report) : await heavy.run('render-report', { report, format });
      return { bytes, fileName: reportFileName(report, format) };
    },
    { bytes: (file) => file.bytes.byteLength },
  );
}
