import { renderReportCharts } from './chart-images.js';
import type { GapReport } from './gap-report.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';

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

/** Renders the report in one format: the bytes of the file. */
export async function renderReport(report: GapReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'xlsx':
      return renderXlsx(report);
    case 'html':
      return Buffer.from(renderHtml(report, renderReportCharts(report)), 'utf8');
    case 'pdf':
      return renderPdf(report, renderReportCharts(report, 'jpeg'));
  }
}

/** The download name, e.g. `gap-report-gent-2026.pdf` (`-nl` added for Dutch). */
export function reportFileName(report: GapReport, format: ReportFormat): string {
  return `${report.fileStem}${report.lang === 'en' ? '' : `-${report.lang}`}.${format}`;
}
