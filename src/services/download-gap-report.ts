import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../db/audit-log.js';
import type { Database } from '../db/schema.js';
import { loadGapReport, type GapReportRequest } from '../reports/load-gap-report.js';
import { CONTENT_TYPES, renderReport, reportFileName, type ReportFormat } from '../reports/render-report.js';

export interface GapReportFile {
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly contentType: string;
}

/**
 * A gap report as a file for someone to take away: built, rendered, and the
 * download recorded in the audit log (awaited) before the bytes are handed
 * back, so no report leaves without its event.
 */
export async function downloadGapReport(
  db: Kysely<Database>,
  request: GapReportRequest & { readonly wave: number; readonly format: ReportFormat; readonly now: Date },
  by: AuditActor,
): Promise<GapReportFile> {
  const report = await loadGapReport(db, request);
  const bytes = await renderReport(report, request.format);
  const fileName = reportFileName(report, request.format);
  const target = `/reports/gap.${request.format}?city=${request.city}&wave=${request.wave}${request.peers ? `&peers=${request.peers}` : ''}${request.lang ? `&lang=${request.lang}` : ''}`;
  await recordAudit(db, { ...by, action: 'report-download', target, detail: { file: fileName, bytes: bytes.length }, at: request.now });
  return { bytes, fileName, contentType: CONTENT_TYPES[request.format] };
}
