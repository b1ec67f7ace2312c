import { renderReportCharts } from './chart-images.js';
import type { GapReport } from './gap-report.js';
import type { ReportFormat } from './report-formats.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';

// The names without the renderers live in report-formats.ts, so the web app's request thread
// need not load the PDF, canvas and spreadsheet libraries (the worker pool does).
export { CONTENT_TYPES, isReportFormat, REPORT_FORMATS, reportFileName, type ReportFormat } from './report-formats.js';

/** Renders the report in one format: the bytes of the file. */
export async function renderReport(report: GapReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'csv':
      return renderCsv(report);
    case 'xlsx':
      return renderXlsx(report);
    case 'html':
      return Buffer.from(renderHtml(report, await renderReportCharts(report)), 'utf8');
    case 'pdf':
      return renderPdf(report, await renderReportCharts(report, 'jpeg'));
  }
}
