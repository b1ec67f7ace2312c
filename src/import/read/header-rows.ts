import { foldKey } from '../../domain/text-key.js';
import { arrayCells, cellsBlank } from './cells.js';
import type { FileRecord } from './record-stream.js';

export type ExportFormat = 'plain' | 'qualtrics' | 'surveymonkey';

export interface HeaderRows {
  readonly format: ExportFormat;
  /** The header line (row 1 of the file, blank lines before it skipped). */
  readonly header: FileRecord;
  /** Row 1 as written (to spot the header repeated further down). */
  readonly written: readonly string[];
  /** Further header rows of the export, as alternative names per column. */
  readonly extra: readonly (readonly string[])[];
  /** Records read ahead that turned out to be data. */
  readonly data: readonly FileRecord[];
}

const isBlank = (r: FileRecord) => cellsBlank(arrayCells(r.fields));
/** SurveyMonkey's second header row names each sub-column; a single-answer column says "Response". */
const MONKEY = new Set(['response', 'open-ended response', 'other (please specify)']);
/** Qualtrics' third header row: `{"ImportId":…}` per column (its 2016 export: `{'ImportId': …}`). */
const QUALTRICS = /^\{\s*["']importid["']\s*:/;
/** Qualtrics' legacy export names its columns V1…Vn (then the question codes) and puts the real names in row 2. */
const LEGACY_NAME = /^v\d+$/;

/**
 * Finds the header and the extra header rows some exports carry:
 * Qualtrics writes 3 (names, question texts, `{"ImportId":…}`), SurveyMonkey
 * 2 (questions, then "Response" or the sub-question of each column).
 * Reads at most two records ahead; what is not header is handed back as data.
 */
export async function readHeaderRows(records: AsyncIterator<FileRecord>): Promise<HeaderRows | null> {
  const nonBlank = async (): Promise<FileRecord | null> => {
    for (;;) {
      const next = await records.next();
      if (next.done) return null;
      if (!isBlank(next.value)) return next.value;
    }
  };
  const header = await nonBlank();
  if (!header) return null;
  const second = await nonBlank();
  if (!second) return { format: 'plain', header, written: header.fields, extra: [], data: [] };
  // Row 2 of SurveyMonkey: "Response" somewhere, and blank under "Respondent ID" (a data row has its id there) or a header that names it.
  const monkeyHeader = header.fields.some((f) => ['respondent id', 'collector id'].includes(foldKey(f)));
  if (((second.fields[0] ?? '').trim() === '' || monkeyHeader) && second.fields.some((f) => MONKEY.has(foldKey(f)))) {
    // Row 2 names the column where it says more than "Response"; row 1 otherwise.
    const names = header.fields.map((h, i) => {
      const sub = (second.fields[i] ?? '').trim();
      return sub !== '' && !MONKEY.has(foldKey(sub)) ? sub : h;
    });
    return {
      format: 'surveymonkey',
      header: { row: header.row, fields: names },
      written: header.fields,
      extra: [header.fields],
      data: [],
    };
  }
  if (LEGACY_NAME.test(foldKey(header.fields[0] ?? '')) && foldKey(second.fields[0] ?? '') === 'responseid') {
    const names = header.fields.map((h, i) => (LEGACY_NAME.test(foldKey(h)) ? (second.fields[i] ?? h) : h));
    return {
      format: 'qualtrics',
      header: { row: header.row, fields: names },
      written: header.fields,
      extra: [second.fields],
      data: [],
    };
  }
  const third = await nonBlank();
  if (third && third.fields.some((f) => QUALTRICS.test(foldKey(f)))) {
    return { format: 'qualtrics', header, written: header.fields, extra: [second.fields], data: [] };
  }
  return { format: 'plain', header, written: header.fields, extra: [], data: third ? [second, third] : [second] };
}
