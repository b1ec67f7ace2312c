import { parseAnswer } from '../../domain/answer-value.js';
import type { Instrument, Question } from '../../domain/instrument.js';
import { isPlainText, normalizeText } from '../../domain/text-key.js';
import type { Cells } from '../read/cells.js';
import { issueError, issueWarning, place, type ImportIssue } from '../import-issue.js';
import type { ColumnMap } from '../read/map-columns.js';

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
}

/** Control characters (except TAB/LF/CR, which whitespace folding removes) and Unicode format characters such as U+202E. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\p{Cf}]/u;

export const MAX_INVALID_SHARE = 0.2;

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
  readonly issues: ImportIssue[];
}

export function newRowContext(instrument: Instrument, map: ColumnMap, currentYear: number, wave?: number): RowContext {
  return {
    instrument,
    map,
    ...(wave !== undefined ? { wave } : {}),
    currentYear,
    quick: instrument.questions.map((q) => quickCells(q.scale, instrument)),
    lastWave: null,
    counts: { answers: 0, answerCells: 0, invalidCells: 0 },
    issues: [],
  };
}

export const raggedIssue = (row: number, fields: number, header: number): ImportIssue =>
  issueError('row-ragged', `Row ${row} has ${fields} field${fields === 1 ? '' : 's'} where the header has ${header}; check for a stray delimiter or a missing quote.`, { row });

/**
 * Validates one record into a respondent, adding every problem to
 * `ctx.issues`. Returns null when the row has an error (the file will be
 * rejected), the respondent otherwise. Ragged rows are refused naming the row.
 */
export function readRespondent(ctx: RowContext, row: number, cells: Cells, cellRows?: readonly number[]): ParsedRespondent | null {
  const { map, instrument, issues } = ctx;
  const rowOf = (index: number) => cellRows?.[index] ?? row;
  const errorsBefore = countErrors(issues);
  if (cells.length !== map.names.length) {
    issues.push(raggedIssue(row, cells.length, map.names.length));
    return null;
  }
  const text = (index: number): string | null => {
    if (index < 0) return null;
    const raw = cells.text(index);
    if (isPlainText(raw)) return raw; // printable ASCII, already normal: nearly every cell
    if (FORBIDDEN.test(raw)) {
      const code = raw.codePointAt(raw.search(FORBIDDEN))!;
      issues.push(
        issueError('text-control-character', `${place(rowOf(index), map.names[index])}contains the invisible character U+${code.toString(16).toUpperCase().padStart(4, '0')}; remove it.`, {
          row: rowOf(index),
          column: map.names[index]!,
        }),
      );
      return null;
    }
    return normalizeText(raw);
  };
  const required = (index: number, what: string): string => {
    const value = text(index);
    if (value === '') issues.push(issueError('value-missing', `${place(row, map.names[index])}the ${what} is empty.`, { row, column: map.names[index]! }));
    return value ?? '';
  };

  // A repeated id is found where the respondents are stored (the unique key), not in a map of every id.
  const key = required(map.id, 'respondent id');
  const city = required(map.city, 'city');
  const countryWritten = required(map.country, 'country code');
  let country = countryWritten.toUpperCase();
  if (country !== '' && !/^[A-Z]{2}$/.test(country)) {
    issues.push(issueError('country-invalid', `${place(row, map.names[map.country])}"${countryWritten}" is not a two-letter country code (ISO 3166, e.g. BE).`, { row, column: map.names[map.country]!, value: countryWritten }));
    country = '';
  }
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
      answers.push(null);
      continue;
    }
    const quick = code >= 0 ? ctx.quick[q]![code] : undefined;
    if (quick !== undefined) {
      ctx.counts.answers++;
      answers.push(quick);
      continue;
    }
    answers.push(readCell(ctx, questions[q]!, cells.text(index), rowOf(index), map.names[index]!));
  }

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
function readCell(ctx: RowContext, question: Question, raw: string, row: number, column: string): number | null {
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
    ctx.issues.push(issueWarning('answer-invalid', `${place(row, column)}"${value}" ${parsed.reason}; stored as no answer.`, { row, column, value }));
  }
  return null;
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
    for (let v = Math.max(0, scale.min); v <= Math.min(9, scale.max); v++) if (Number.isInteger(v) && !instrument.missingCodes.has(String(v))) cells[48 + v] = v;
  }
  return cells;
}

function readWave(ctx: RowContext, row: number, value: string | null): number | null {
  const column = ctx.map.wave >= 0 ? ctx.map.names[ctx.map.wave]! : 'wave';
  if (value === null || value === '') {
    if (ctx.wave !== undefined) return ctx.wave;
    ctx.issues.push(issueError('wave-missing', `${place(row, column)}the wave is empty; fill it in or give the wave on import.`, { row, column }));
    return null;
  }
  if (ctx.lastWave?.text === value) return ctx.lastWave.wave;
  const wave = /^\d{4}$/.test(value) ? Number(value) : NaN;
  if (!(wave >= 1990 && wave <= ctx.currentYear)) {
    ctx.issues.push(issueError('wave-invalid', `${place(row, column)}"${value}" is not a wave year between 1990 and ${ctx.currentYear}.`, { row, column, value }));
    return null;
  }
  if (ctx.wave !== undefined && wave !== ctx.wave) {
    ctx.issues.push(issueError('wave-mismatch', `${place(row, column)}the row says wave ${wave} but the import is for wave ${ctx.wave}.`, { row, column, value }));
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
    ctx.issues.push(issueError('weight-invalid', `${place(row, column)}"${value}" is not a positive number.`, { row, column, value }));
    return null;
  }
  return weight;
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
