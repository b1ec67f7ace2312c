import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../db/repositories/audit-log.js';
import type { Database } from '../db/schema.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import type { GapReportRequest } from '../reports/load-gap-report.js';
import { loadReportFile } from '../reports/report-file.js';
import { CONTENT_TYPES, type ReportFormat } from '../reports/report-formats.js';

export interface GapReportFile {
  readonly bytes: Buffer;
  readonly fileName: string;
  readonly contentType: string;
}

/**
 * A gap report as a file for someone to take away: built, rendered, and the
 * download recorded in the audit log (awaited) before the bytes are handed
 * back, so no report leaves without its event. The file itself is made on the
 * worker pool and kept per data version (`loadReportFile`); every download is
 * recorded, also one served from there.
 */
export async function downloadGapReport(
  db: Kysely<Database>,
  heavy: HeavyPool,
  request: GapReportRequest & { readonly wave: number; readonly format: ReportFormat; readonly now: Date },
  by: AuditActor,
): Promise<GapReportFile> {
  const { bytes, fileName } = await loadReportFile(db, heavy, request, request.format);
  const target = `/reports/gap.${request.format}?city=${request.city}&wave=${request.wave}${request.peers ? `&peers=${request.peers.text}` : ''}${request.lang ? `&lang=${request.lang}` : ''}`;
  await recordAudit(db, {
    ...by,
    action: 'report-download',
    target,
    detail: { file: fileName, bytes: bytes.length },
    at: request.now,
  });
  return { bytes, fileName, contentType: CONTENT_TYPES[request.format] };
}
