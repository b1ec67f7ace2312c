import { parseAnswer } from '../../domain/answer-value.js';
import type { Instrument, Question } from '../../domain/instrument.js';
import { isPlainText, normalizeText } from '../../domain/text-key.js';
import type { Cells } from '../read/cells.js';
import { issueError, issueWarning, place, type ImportIssue } from '../import-issue.js';
import { shortList, type ColumnMap } from '../read/map-columns.js';
import { countryCode } from './country-code.js';

/** One validated row of a survey file, ready to store. */
export interface ParsedRespondent {
  readonly row: number;
  readonly key: string;
  readonly city: string;
  readonly country: string;
  readonly wave: number;
  readonly weight: number | null;
  readonly segments: Readonly<Record<string, string>> | null;
  readonly texts: Readonly<Record<string, string>> | null;
  readonly answers: readonly (number | null)[];
}

export interface RowCounts {
  answers: number;
  answerCells: number;
  invalidCells: number;
  /** Rows left out as unfinished responses (the completion column said so). */
  incomplete: number;
  /** Qualtrics test and preview responses, kept. */
  testResponses: number;
}

export const emptyCounts = (): RowCounts => ({
  answers: 0,
  answerCells: 0,
  invalidCells: 0,
  incomplete: 0,
  testResponses: 0,
});

/** Per question column: rows read, blank cells, invalid cells and their values (kept on the invalid path only). */
export interface ColumnCounts {
  rows: number;
  readonly blanks: Int32Array;
  readonly invalid: Int32Array;
  readonly invalidValues: (Map<string, number> | undefined)[];
}

/** What the import was given for every row: a city and a country (alpha-2) when the file has no such column. */
export interface FixedFields {
  readonly city?: string;
  readonly country?: string;
  /** Keep unfinished responses (the completion column is ignored). */
  readonly includeIncomplete?: boolean;
}

/** Values of a completion flag that mean "finished" (Qualtrics True/1, SoSci 1, T/F, yes/no). */
const COMPLETE = new Set(['true', '1', 't', 'yes', 'y', 'ja', 'wahr', 'vrai', 'oui']);
/** Qualtrics' Status of a test or preview response, as text or as its number. */
const TEST_STATUS = new Set(['survey preview', 'survey test', '1', '2']);

/** Control characters (except TAB/LF/CR, which whitespace folding removes) and Unicode format characters such as U+202E. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}]/u;

export const MAX_INVALID_SHARE = 0.2;
/** A column is refused for its invalid share only from this many invalid cells: one typo in a file of three rows is a warning. */
const MIN_INVALID_IN_COLUMN = 3;

export interface RowContext {
  readonly instrument: Instrument;
  readonly map: ColumnMap;
  /** The wave given on import, if any. */
  readonly wave?: number;
  readonly currentYear: number;
  /**
   * Per question: the one-character cells read without parsing, by character
   * code ("4" → 4 on a 1–5 scale; undefined: take the full path). The empty cell
   * is no answer. A table, not a map: a fresh field string would be hashed on every lookup.
   */
  readonly quick: readonly (readonly (number | undefined)[])[];
  /** The last wave cell read and its year: nearly every row repeats it. */
  lastWave: { text: string; wave: number } | null;
  readonly counts: RowCounts;
  readonly columns: ColumnCounts;
  readonly fixed: FixedFields;
  /** Countries as written → alpha-2 ('' unknown): a file repeats a handful of them. */
  readonly countries: Map<string, string>;
  readonly completeValues: ReadonlySet<string>;
  readonly issues: ImportIssue[];
}

export function newRowContext(
  instrument: Instrument,
  map: ColumnMap,
  currentYear: number,
  wave?: number,
  fixed: FixedFields = {},
): RowContext {
  const n = instrument.questions.length;
  return {
    instrument,
    map,
    ...(wave !== undefined ? { wave } : {}),
    currentYear,
    quick: instrument.questions.map((q) => quickCells(q.scale, instrument)),
    lastWave: null,
    counts: emptyCounts(),
    columns: {
      rows: 0,
      blanks: new Int32Array(n),
      invalid: new Int32Array(n),
      invalidValues: new Array(n).fill(undefined),
    },
    fixed,
    countries: new Map(),
    completeValues: instrument.completeValues
      ? new Set(instrument.completeValues.map((v) => v.trim().toLowerCase()))
      : COMPLETE,
    issues: [],
  };
}

/** False for a response the completion column calls unfinished (blank date, or a flag not in the complete values). */
function finished(ctx: RowContext, cells: Cells): boolean {
  const value = cells.text(ctx.map.completion).trim();
  return ctx.map.completionKind === 'date' ? value !== '' : ctx.completeValues.has(value.toLowerCase());
}

export const raggedIssue = (row: number, fields: number, header: number): ImportIssue =>
  issueError(
    'row-ragged',
    `Row ${row} has ${fields} field${fields === 1 ? '' : 's'} where the header has ${header}; check for a stray delimiter or a missing quote.`,
    { row },
  );

/**
 * Validates one record into a respondent, adding every problem to
 * `ctx.issues`. Returns null when the row has an error (the file will be
 * rejected), the respondent otherwise. Ragged rows are refused naming the row.
 */
export function readRespondent(
  ctx: RowContext,
  row: number,
  cells: Cells,
  cellRows?: readonly number[],
): ParsedRespondent | null {
  const { map, instrument, issues } = ctx;
  const rowOf = (index: number) => cellRows?.[index] ?? row;
  const errorsBefore = countErrors(issues);
  if (cells.length !== map.names.length) {
    issues.push(raggedIssue(row, cells.length, map.names.length));
    return null;
  }
  if (map.completion >= 0 && !ctx.fixed.includeIncomplete && !finished(ctx, cells)) {
    ctx.counts.incomplete++;
    return null;
  }
  if (map.status >= 0 && TEST_STATUS.has(cells.text(map.status).trim().toLowerCase())) ctx.counts.testResponses++;
  const text = (index: number): string | null => {
    if (index < 0) return null;
    const raw = cells.text(index);
    if (isPlainText(raw)) return raw; // printable ASCII, already normal: nearly every cell
    if (FORBIDDEN.test(raw)) {
      const code = raw.codePointAt(raw.search(FORBIDDEN))!;
      issues.push(
        issueError(
          'text-control-character',
          `${place(rowOf(index), map.names[index])}contains the invisible character U+${code.toString(16).toUpperCase().padStart(4, '0')}; remove it.`,
          {
            row: rowOf(index),
            column: map.names[index]!,
          },
        ),
      );
      return null;
    }
    return normalizeText(raw);
  };
  const required = (index: number, what: string): string => {
    const value = text(index);
    if (value === '')
      issues.push(
        issueError('value-missing', `${place(row, map.names[index])}the ${what} is empty.`, {
          row,
          column: map.names[index]!,
        }),
      );
    return value ?? '';
  };

  // A repeated id is found where the respondents are stored (the unique key), not in a map of every id.
  // No id column: the row number names the respondent (the store step makes it unique per import).
  const key = map.id >= 0 ? required(map.id, 'respondent id') : String(row);
  const city = map.city >= 0 ? required(map.city, 'city') : ctx.fixed.city!;
  const country = map.country >= 0 ? readCountry(ctx, row, required(map.country, 'country')) : ctx.fixed.country!;
  const wave = readWave(ctx, row, text(map.wave));
  const weight = readWeight(ctx, row, text(map.weight));

  const segments: Record<string, string> = {};
  for (const s of map.segments) {
    const value = text(s.index);
    if (value) segments[s.key] = value;
  }
  let texts: Record<string, string> | null = null;
  for (const t of map.texts) {
    const value = text(t.index);
    if (value) (texts ??= {})[t.key] = value;
  }

  const questions = instrument.questions;
  // Filled by push, not `new Array(n)`: a holey array is slower to read in every later loop (scores, aggregates).
  const answers: (number | null)[] = [];
  for (let q = 0; q < questions.length; q++) {
    const index = map.questions[q]!;
    const code = cells.code(index);
    ctx.counts.answerCells++;
    if (code === -1) {
      ctx.columns.blanks[q]!++;
      answers.push(null);
      continue;
    }
    const quick = code >= 0 ? ctx.quick[q]![code] : undefined;
    if (quick !== undefined) {
      ctx.counts.answers++;
      answers.push(quick);
      continue;
    }
    answers.push(readCell(ctx, q, questions[q]!, cells.text(index), rowOf(index), map.names[index]!));
  }
  ctx.columns.rows++;

  if (countErrors(issues) > errorsBefore || wave === null) return null;
  return {
    row,
    key,
    city,
    country,
    wave,
    weight,
    segments: Object.keys(segments).length > 0 ? segments : null,
    texts,
    answers,
  };
}

/** One answer cell off the quick path: labels, "4,0", missing codes, invalid values (a warning naming row and column). */
function readCell(
  ctx: RowContext,
  q: number,
  question: Question,
  raw: string,
  row: number,
  column: string,
): number | null {
  // Excel writes whole numbers as "4,0" or "4.0" in some locales: the same code.
  const cell = question.scale.type === 'likert' ? raw.replace(/^(\s*[+-]?\d+)[.,]0+(\s*)$/, '$1$2') : raw;
  const parsed = parseAnswer(cell, question, ctx.instrument);
  if (parsed.kind === 'value') {
    ctx.counts.answers++;
    return parsed.value;
  }
  if (parsed.kind === 'invalid') {
    ctx.counts.invalidCells++;
    const value = raw.trim();
    ctx.columns.invalid[q]!++;
    const values = (ctx.columns.invalidValues[q] ??= new Map());
    values.set(value, (values.get(value) ?? 0) + 1);
    ctx.issues.push(
      issueWarning('answer-invalid', `${place(row, column)}"${value}" ${parsed.reason}; stored as no answer.`, {
        row,
        column,
        value,
      }),
    );
  }
  return null;
}

/** A country cell: a two-letter code as before (upper-cased), else a code or name looked up once per distinct text. */
function readCountry(ctx: RowContext, row: number, written: string): string {
  if (written === '') return '';
  if (written.length === 2 && /^[A-Za-z]{2}$/.test(written)) return written.toUpperCase();
  let code = ctx.countries.get(written);
  if (code === undefined) {
    code = countryCode(written) ?? '';
    ctx.countries.set(written, code);
  }
  if (code === '') {
    const column = ctx.map.names[ctx.map.country]!;
    ctx.issues.push(
      issueError(
        'country-invalid',
        `${place(row, column)}"${written}" is not a country: write its ISO code (BE, BEL) or its name in English, Dutch, French or German (Belgium, België, Belgique, Belgien).`,
        { row, column, value: written },
      ),
    );
  }
  return code;
}

function countErrors(issues: readonly ImportIssue[]): number {
  let n = 0;
  for (const i of issues) if (i.severity === 'error') n++;
  return n;
}

/**
 * The cells most files hold, read without parsing: the scale's codes as
 * one plain digit ("1" … "5"), by character code. Anything else (labels,
 * "4,0", spaces, missing codes) takes `parseAnswer`'s full path; the results are the same.
 */
function quickCells(scale: Question['scale'], instrument: Instrument): (number | undefined)[] {
  const cells: (number | undefined)[] = Array.from({ length: 128 }, () => undefined);
  if (scale.type === 'likert') {
    for (let v = Math.max(0, scale.min); v <= Math.min(9, scale.max); v++)
      if (Number.isInteger(v) && !instrument.missingCodes.has(String(v))) cells[48 + v] = v;
  }
  return cells;
}

function readWave(ctx: RowContext, row: number, value: string | null): number | null {
  const column = ctx.map.wave >= 0 ? ctx.map.names[ctx.map.wave]! : 'wave';
  if (value === null || value === '') {
    if (ctx.wave !== undefined) return ctx.wave;
    ctx.issues.push(
      issueError('wave-missing', `${place(row, column)}the wave is empty; fill it in or give the wave on import.`, {
        row,
        column,
      }),
    );
    return null;
  }
  if (ctx.lastWave?.text === value) return ctx.lastWave.wave;
  const wave = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(wave >= 1990 && wave <= ctx.currentYear)) {
    ctx.issues.push(
      issueError(
        'wave-invalid',
        `${place(row, column)}"${value}" is not a wave year between 1990 and ${ctx.currentYear}.`,
        { row, column, value },
      ),
    );
    return null;
  }
  if (ctx.wave !== undefined && wave !== ctx.wave) {
    ctx.issues.push(
      issueError(
        'wave-mismatch',
        `${place(row, column)}the row says wave ${wave} but the import is for wave ${ctx.wave}.`,
        { row, column, value },
      ),
    );
    return null;
  }
  ctx.lastWave = { text: value, wave };
  return wave;
}

function readWeight(ctx: RowContext, row: number, value: string | null): number | null {
  if (value === null || value === '') return null;
  const column = ctx.map.names[ctx.map.weight]!;
  const normal = /^\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
  const weight = /^\d*\.?\d+$/.test(normal) ? Number(normal) : NaN;
  if (!(weight > 0) || !Number.isFinite(weight)) {
    ctx.issues.push(
      issueError('weight-invalid', `${place(row, column)}"${value}" is not a positive number.`, { row, column, value }),
    );
    return null;
  }
  return weight;
}

/**
 * The per-column check after all rows: a question column where more than
 * 20 % of the non-blank cells (and at least 3) are invalid rejects the file, naming the
 * values with their counts — usually an answer label the instrument lacks.
 */
export function invalidColumnIssues(ctx: RowContext): ImportIssue[] {
  const out: ImportIssue[] = [];
  const { columns, map, instrument } = ctx;
  instrument.questions.forEach((question, q) => {
    const filled = columns.rows - columns.blanks[q]!;
    const invalid = columns.invalid[q]!;
    if (invalid < MIN_INVALID_IN_COLUMN || invalid / filled <= MAX_INVALID_SHARE) return;
    const column = map.names[map.questions[q]!]!;
    const values = [...(columns.invalidValues[q] ?? new Map<string, number>()).entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    );
    const listed = values.map(([v, n]) => `"${v}" (${n})`);
    const pct = ((100 * invalid) / filled).toFixed(1);
    out.push(
      issueError(
        'column-unmatched-answers',
        `Column ${column}: ${invalid} of ${filled} answers (${pct} %) are not answers of question ${question.code}: ${shortList(listed)}. Add the missing answer labels to the instrument's "answerLabels", or check that this is the right instrument.`,
        { column, names: values.map(([v]) => v) },
      ),
    );
  });
  return out;
}

/** The file-level check after all rows: more than 20 % invalid answer cells rejects the file. */
export function invalidShareIssue(counts: RowCounts): ImportIssue | null {
  if (counts.answerCells === 0 || counts.invalidCells / counts.answerCells <= MAX_INVALID_SHARE) return null;
  const pct = ((100 * counts.invalidCells) / counts.answerCells).toFixed(1);
  return issueError(
    'too-many-invalid',
    `${counts.invalidCells} of ${counts.answerCells} answer cells (${pct} %) are invalid, more than 20 %: is this the right instrument, or an export of labels in another language?`,
  );
}
