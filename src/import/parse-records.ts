import Papa from 'papaparse';
import { DomainError } from '../domain/domain-error.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';

export interface ParsedRecords {
  readonly delimiter: Delimiter;
  readonly header: readonly string[];
  /** Row number (as a spreadsheet shows it) of the header line. */
  readonly headerRow: number;
  /** Data records with their row numbers; blank records are left out. */
  readonly records: readonly { readonly row: number; readonly fields: readonly string[] }[];
}

/**
 * Text → header and records with papaparse (arrays, not `header: true`:
 * 3.5× faster, and duplicate columns stay visible). Quoted fields may hold
 * delimiters, quotes and newlines; one record is one spreadsheet row.
 */
export function parseRecords(text: string): ParsedRecords {
  const { delimiter, sepLine } = detectDelimiter(text);
  const body = sepLine ? text.replace(/^sep=.\r?\n?/i, '') : text;
  const result = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, quoteChar: '"' });
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  const offset = sepLine ? 2 : 1;
  if (quoteError) {
    throw new DomainError(
      'csv-quotes',
      `Row ${(quoteError.row ?? 0) + offset}: a quoted field is not closed. Check the quotes in that row.`,
    );
  }
  const rows = result.data.map((fields, i) => ({ row: i + offset, fields }));
  const nonBlank = rows.filter((r) => !r.fields.every((f) => f.trim() === ''));
  const [headerRecord, ...records] = nonBlank;
  if (!headerRecord) throw new DomainError('file-empty', 'The file is empty: it has no header line.');
  return { delimiter, header: headerRecord.fields, headerRow: headerRecord.row, records };
}
