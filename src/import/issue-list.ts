import type { ImportIssue } from './import-issue.js';

/** At most this many errors (and as many warnings) are listed; the rest are counted in one last issue. */
export const MAX_LISTED_ISSUES = 1000;

/**
 * Issues of one severity as a file streams past: the first MAX_LISTED_ISSUES
 * kept (a file of a million bad rows must not hold a million messages),
 * `size` counts all. `list()` gives them in the order found, or in row order
 * (`byRow`: issues without a row, about the whole file, first), then one
 * "… and N more" when some were left out.
 */
export class IssueList {
  private readonly items: ImportIssue[] = [];
  private extra = 0;
  /** Rewrites each issue on its way in (a workbook's issues name their cell). */
  locate: ((issue: ImportIssue) => ImportIssue) | null = null;

  constructor(private readonly byRow = false) {}

  get size(): number {
    return this.items.length + this.extra;
  }

  /** True when an issue with `code` is listed. */
  has(code: string): boolean {
    return this.items.some((i) => i.code === code);
  }

  push(issue: ImportIssue): void {
    if (this.items.length < MAX_LISTED_ISSUES) this.items.push(this.locate ? this.locate(issue) : issue);
    else this.extra++;
  }

  list(): ImportIssue[] {
    const items = this.byRow ? [...this.items].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)) : [...this.items];
    if (this.extra === 0) return items;
    const severity = this.items[0]!.severity;
    const kind = severity === 'error' ? 'errors' : 'warnings';
    return [
      ...items,
      {
        severity,
        code: 'more-issues',
        message: `… and ${this.extra} more ${kind} like these (only the first ${MAX_LISTED_ISSUES} are listed).`,
      },
    ];
  }
}
