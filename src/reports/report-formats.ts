import type { GapReport } from './gap-report.js';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The download name, e.g. `gap-report-gent-2026.pdf` (`-nl` added for Dutch). */
export function reportFileName(report: GapReport, format: ReportFormat): string {
  return `${report.fileStem}${report.lang === 'en' ? '' : `-${report.lang}`}.${format}`;
}
