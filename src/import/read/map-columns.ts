import type { Instrument } from '../../domain/instrument.js';
import { foldKey } from '../../domain/text-key.js';
import { issueError, issueWarning, type ImportIssue } from '../import-issue.js';

/** Where each field the instrument needs sits in a record (column index), or -1. */
export interface ColumnMap {
  readonly id: number;
  readonly city: number;
  readonly country: number;
  readonly wave: number;
  readonly weight: number;
  /** The column saying whether a response was finished (-1: none): a flag (Finished: 1/True) or a date (LimeSurvey's submitdate, blank when unfinished). */
  readonly completion: number;
  readonly completionKind: 'flag' | 'date';
  /** Qualtrics' Status column (test and preview responses), or -1. */
  readonly status: number;
  /** Column of each question, in the instrument's question order. */
  readonly questions: readonly number[];
  readonly segments: readonly { readonly key: string; readonly index: number }[];
  readonly texts: readonly { readonly key: string; readonly index: number }[];
  /** Header as written, for messages. */
  readonly names: readonly string[];
}

/** Long format: one answer per row; `question` and `value` name the code and the answer. */
export interface LongColumnMap extends Omit<ColumnMap, 'questions'> {
  readonly question: number;
  readonly value: number;
}

/**
 * The code a header may carry before the question text:
 * "SOV01. The city keeps …", "SOV01 - …", "SOV01: …", "SOV01) …".
 * @example textCode('SOV01. The city keeps its data') // => 'sov01'
 */
export function textCode(folded: string): string | null {
  const match = /^([a-z][a-z0-9_.-]*?)[.:)]?\s+[-–:]?\s*\S/.exec(folded);
  return match ? match[1]! : null;
}

/**
 * The keys a header name answers to besides its own: LimeSurvey's
 * `Q1[SQ001]` (the subquestion code, then the question code), KoboToolbox's
 * `group/question` (the last path segment), and the name without spaces,
 * `_` and `-` ("Respondent ID" = respondent_id).
 * @example derivedKeys('sov[SOV01]') // => ['sov01', 'sov']
 */
export function derivedKeys(name: string): string[] {
  const folded = foldKey(name);
  const keys: string[] = [];
  const bracket = /^(.*?)\[([^\]]+)\]$/.exec(folded);
  if (bracket) keys.push(bracket[2]!.trim(), bracket[1]!.trim());
  if (folded.includes('/')) keys.push(folded.slice(folded.lastIndexOf('/') + 1).trim());
  keys.push(folded.replace(/[\s_-]+/g, ''));
  return keys.filter((k) => k !== '' && k !== folded);
}

const compact = (key: string) => key.replace(/[\s_-]+/g, '');

/** The completion columns of the common tools (case-folded): Qualtrics and SoSci `Finished`, LimeSurvey `submitdate`. */
const COMPLETION: readonly { readonly key: string; readonly kind: 'flag' | 'date' }[] = [
  { key: 'finished', kind: 'flag' },
  { key: 'submitdate', kind: 'date' },
  { key: 'date submitted', kind: 'date' },
  { key: 'datum abgeschickt', kind: 'date' },
  { key: 'datum verstuurd', kind: 'date' },
];

/** At most this many names are written into a message; the issue's `names` keeps all. */
export const MAX_NAMES_IN_MESSAGE = 10;

/** "a, b, c" or "a, …, j and 5 more". */
export function shortList(names: readonly string[]): string {
  if (names.length <= MAX_NAMES_IN_MESSAGE) return names.join(', ');
  return `${names.slice(0, MAX_NAMES_IN_MESSAGE).join(', ')} and ${names.length - MAX_NAMES_IN_MESSAGE} more`;
}

/** What the import was told besides the file: a wave, a city and country for every row. */
export interface GivenFields {
  readonly wave: boolean;
  readonly city: boolean;
  readonly country: boolean;
}

/** Other names a required column is known by in common exports. */
const ALIASES: Readonly<Record<'id' | 'wave', readonly string[]>> = {
  id: ['responseid', 'respondentid', 'id'],
  wave: ['wave', 'year', 'surveyyear'],
};

/**
 * Matches the header (and any extra header rows) to the instrument, after
 * trim and case-fold. A column is found by its exact name first, then by a
 * derived key (see `derivedKeys`; question columns also by the code before
 * their text), then by the extra header rows (Qualtrics' question texts).
 * Missing required columns and duplicated columns are errors naming the
 * column; unknown columns are ignored and named in one warning.
 */
export function mapColumns(
  header: readonly string[],
  instrument: Instrument,
  options: { given: GivenFields; extraHeaders?: readonly (readonly string[])[] },
): { map: ColumnMap; long: LongColumnMap | null; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const names = header.map((h) => h.trim());
  // Levels of evidence, strongest first: key → columns having it.
  const levels: Map<string, number[]>[] = [new Map(), new Map(), new Map(), new Map()];
  const add = (level: number, key: string | null, i: number) => {
    if (!key) return;
    const list = levels[level]!.get(key) ?? [];
    if (!list.includes(i)) list.push(i);
    levels[level]!.set(key, list);
  };
  names.forEach((name, i) => {
    const key = foldKey(name);
    if (key === '') return;
    const first = levels[0]!.get(key);
    if (first)
      issues.push(
        issueError(
          'duplicate-column',
          `Column "${name}" appears twice (columns ${first[0]! + 1} and ${i + 1}); remove one.`,
          { row: 1, column: name },
        ),
      );
    add(0, key, i);
    for (const k of derivedKeys(name)) add(1, k, i);
    add(2, textCode(key), i);
    for (const extra of options.extraHeaders ?? []) {
      const alt = foldKey(extra[i] ?? '');
      if (alt === '') continue;
      add(3, alt, i);
      add(3, textCode(alt), i);
      for (const k of derivedKeys(alt)) add(3, k, i);
    }
  });

  const used = new Set<number>();
  const find = (name: string, isQuestion = false, aliases: readonly string[] = []): number => {
    for (const keys of [[foldKey(name)], aliases])
      for (let level = 0; level < levels.length; level++) {
        if (level === 2 && !isQuestion) continue;
        for (const key of level === 1 ? [...keys, ...keys.map(compact)] : keys) {
          const found = (levels[level]!.get(key) ?? []).filter((i) => !used.has(i) || level === 0);
          if (found.length > 1 && level > 0) {
            issues.push(
              issueError(
                'duplicate-column',
                `Columns ${found.map((i) => `"${names[i]}"`).join(' and ')} both stand for "${name}"; remove one.`,
                { row: 1, column: name },
              ),
            );
          }
          if (found.length > 0) {
            used.add(found[0]!);
            return found[0]!;
          }
        }
      }
    return -1;
  };
  /** A question by the header text(s) its instrument gives: the header row first, then the extra header rows. */
  const findText = (texts: readonly string[]): number => {
    for (const level of [0, 3])
      for (const text of texts) {
        const found = (levels[level]!.get(foldKey(text)) ?? []).filter((i) => !used.has(i));
        if (found.length > 0) {
          used.add(found[0]!);
          return found[0]!;
        }
      }
    return -1;
  };
  const required = (i: number, name: string, what: string): number => {
    if (i < 0)
      issues.push(
        issueError('missing-column', `The required column "${name}" (${what}) is missing; add it to the header.`, {
          row: 1,
          column: name,
        }),
      );
    return i;
  };

  const requiredOr = (i: number, name: string, what: string, or: string): number => {
    if (i < 0)
      issues.push(
        issueError(
          'missing-column',
          `The required column "${name}" (${what}) is missing; add it to the header, ${or}.`,
          { row: 1, column: name },
        ),
      );
    return i;
  };
  const { columns } = instrument;
  const idAt = find(columns.id, false, ALIASES.id);
  const cityAt = find(columns.city);
  const countryAt = find(columns.country);
  const completionName = columns.completion ? foldKey(columns.completion) : null;
  const completionKnown = completionName
    ? COMPLETION.find((c) => c.key === completionName)
    : COMPLETION.find((c) => levels[0]!.has(c.key));
  const completion = completionName
    ? required(find(completionName), columns.completion!, 'completion')
    : completionKnown
      ? find(completionKnown.key)
      : -1;
  // Qualtrics' Status: only beside its ResponseId, so another tool's "status" column is left alone.
  const status = levels[0]!.has('responseid') ? (levels[0]!.get('status') ?? [-1])[0]! : -1;
  if (status >= 0) used.add(status);
  const waveAt = find(columns.wave, false, ALIASES.wave);
  const weight = find(columns.weight);
  const segments = instrument.segments.map((s) => ({ key: s.key, index: find(s.key) })).filter((s) => s.index >= 0);
  const texts = instrument.textColumns.map((key) => ({ key, index: find(key) })).filter((s) => s.index >= 0);
  const questions = instrument.questions.map((q) => {
    const byText = q.columns ? findText(q.columns) : -1;
    return byText >= 0 ? byText : find(q.code, true);
  });

  // Long format: no question column at all, but a question and a value column.
  const questionAt = questions.every((i) => i < 0) ? find('question', false, ['question_code', 'item']) : -1;
  const valueAt = questionAt >= 0 ? find('value', false, ['answer', 'response']) : -1;
  const isLong = questionAt >= 0 && valueAt >= 0;

  const { given } = options;
  const id = isLong ? required(idAt, columns.id, 'respondent id') : idAt;
  const conflict = (at: number, option: string, what: string) =>
    issues.push(
      issueError(
        `${what}-given-twice`,
        `The file has a ${what} column ("${names[at]}") and the import was given ${option}: use one of them (remove the option, or the column).`,
        { row: 1, column: names[at]! },
      ),
    );
  if (given.city && cityAt >= 0) conflict(cityAt, '--city', 'city');
  if (given.country && countryAt >= 0) conflict(countryAt, '--country', 'country');
  const city = given.city
    ? cityAt
    : requiredOr(cityAt, columns.city, 'city', 'or give the city on import (--city Gent)');
  const country = given.country
    ? countryAt
    : requiredOr(countryAt, columns.country, 'country', 'or give the country on import (--country BE)');
  const wave = given.wave ? waveAt : required(waveAt, columns.wave, 'survey wave, or give the wave on import');
  if (!isLong) {
    const missing = instrument.questions.filter((_, q) => questions[q]! < 0).map((q) => q.code);
    if (missing.length > 0) {
      issues.push(
        issueError(
          'missing-column',
          `The question column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing; is this a file of instrument "${instrument.id}"?`,
          { row: 1, column: missing.join(', ') },
        ),
      );
    }
  }
  if (id < 0 && !isLong) {
    issues.push(
      issueWarning(
        'ids-from-rows',
        `The file has no respondent id column ("${columns.id}"): each respondent is named by its row number. A second upload of the same file is still recognised.`,
        { row: 1 },
      ),
    );
  }
  const usedKeys = new Set([...used].map((i) => foldKey(names[i]!)));
  const unknown = names.filter((n, i) => !used.has(i) && n !== '' && !usedKeys.has(foldKey(n)));
  if (unknown.length > 0) {
    issues.push(
      issueWarning(
        'unknown-columns',
        `Ignored ${unknown.length} unknown column${unknown.length > 1 ? 's' : ''} (not stored): ${shortList(unknown)}.`,
        { row: 1, names: unknown },
      ),
    );
  }
  const completionKind = completionKnown?.kind ?? 'flag';
  const map = {
    id,
    city,
    country,
    wave,
    weight,
    completion,
    completionKind,
    status,
    questions,
    segments,
    texts,
    names,
  };
  return { map, long: isLong ? { ...map, question: questionAt, value: valueAt } : null, issues };
}
