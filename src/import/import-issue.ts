/**
 * One thing the importer has to say about a file: an error rejects the file,
 * a warning is stored with the import. Row numbers are as a spreadsheet shows
 * them (header = row 1).
 * @example { severity: 'warning', code: 'answer-invalid', row: 7, column: 'SOV01', value: '6',
 *            message: 'Row 7, SOV01: "6" is not between 1 and 5; stored as no answer.' }
 */
export interface ImportIssue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly row?: number;
  readonly column?: string;
  readonly value?: string;
  /** Every name or value the issue is about, when its message lists only the first few. */
  readonly names?: readonly string[];
  readonly message: string;
}

export function issueError(
  code: string,
  message: string,
  where: Partial<Pick<ImportIssue, 'row' | 'column' | 'value' | 'names'>> = {},
): ImportIssue {
  return { severity: 'error', code, ...where, message };
}

export function issueWarning(
  code: string,
  message: string,
  where: Partial<Pick<ImportIssue, 'row' | 'column' | 'value' | 'names'>> = {},
): ImportIssue {
  return { severity: 'warning', code, ...where, message };
}

/** "Row 7, SOV01: " — the prefix every located message starts with. */
export function place(row?: number, column?: string): string {
  if (row !== undefined && column !== undefined) return `Row ${row}, ${column}: `;
  if (row !== undefined) return `Row ${row}: `;
  if (column !== undefined) return `Column ${column}: `;
  return '';
}
