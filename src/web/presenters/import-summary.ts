import type { ImportIssue } from '../../import/import-issue.js';
import type { ImportSummary } from '../../import/import-survey.js';

export interface ImportSummaryView {
  readonly summary: ImportSummary;
  readonly accepted: boolean;
  /** Errors first, then warnings; each with row and column when known. */
  readonly issues: readonly ImportIssue[];
  /** Warnings per code, for a one-line overview ("answer-invalid: 3"). */
  readonly warningCounts: readonly { readonly code: string; readonly n: number }[];
}

/** What the preview and the refusal page show of a summary. */
export function presentImportSummary(summary: ImportSummary): ImportSummaryView {
  const counts = new Map<string, number>();
  for (const w of summary.warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  return {
    summary,
    accepted: summary.errors.length === 0,
    issues: [...summary.errors, ...summary.warnings],
    warningCounts: [...counts].map(([code, n]) => ({ code, n })),
  };
}
