import type { Instrument } from '../domain/instrument.js';
import { foldKey } from '../domain/text-key.js';
import { issueError, issueWarning, type ImportIssue } from './import-issue.js';

/** Where each field the instrument needs sits in a record (column index), or -1. */
export interface ColumnMap {
  readonly id: number;
  readonly city: number;
  readonly country: number;
  readonly wave: number;
  readonly weight: number;
  /** Column of each question, in the instrument's question order. */
  readonly questions: readonly number[];
  readonly segments: readonly { readonly key: string; readonly index: number }[];
  readonly texts: readonly { readonly key: string; readonly index: number }[];
  /** Header as written, for messages. */
  readonly names: readonly string[];
}

/**
 * A question column is its code, or its code followed by the question text
 * ("SOV01. The city keeps …", "SOV01 - …", "SOV01: …").
 */
function headerCode(header: string): string {
  const folded = foldKey(header);
  const match = /^([a-z][a-z0-9_.-]*?)[.:)]?\s+[-–:]?\s*\S/.exec(folded);
  return match ? match[1]! : folded;
}

/**
 * Matches the header to the instrument (trimmed, case-folded). Missing
 * required columns and duplicated columns are errors naming the column;
 * unknown columns are ignored and named in one warning.
 */
export function mapColumns(
  header: readonly string[],
  instrument: Instrument,
  options: { waveGiven: boolean },
): { map: ColumnMap; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const key = foldKey(name);
    if (key === '') return;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(issueError('duplicate-column', `Column "${name}" appears twice (columns ${first + 1} and ${i + 1}); remove one.`, { row: 1, column: name }));
    } else seen.set(key, i);
  });
  const byExact = new Map<string, number>();
  const byCode = new Map<string, number>();
  names.forEach((name, i) => {
    const key = foldKey(name);
    if (!byExact.has(key)) byExact.set(key, i);
    const code = headerCode(name);
    if (!byCode.has(code)) byCode.set(code, i);
  });
  const used = new Set<number>();
  const find = (name: string, allowText = false): number => {
    const key = foldKey(name);
    const i = byExact.get(key) ?? (allowText ? byCode.get(key) : undefined) ?? -1;
    if (i >= 0) used.add(i);
    return i;
  };
  const required = (name: string, what: string): number => {
    const i = find(name);
    if (i < 0) issues.push(issueError('missing-column', `The required column "${name}" (${what}) is missing; add it to the header.`, { row: 1, column: name }));
    return i;
  };

  const { columns } = instrument;
  const id = required(columns.id, 'respondent id');
  const city = required(columns.city, 'city');
  const country = required(columns.country, 'country code');
  const wave = options.waveGiven ? find(columns.wave) : required(columns.wave, 'survey wave, or give the wave on import');
  const weight = find(columns.weight);
  const missingQuestions: string[] = [];
  const questions = instrument.questions.map((q) => {
    const i = find(q.code, true);
    if (i < 0) missingQuestions.push(q.code);
    return i;
  });
  if (missingQuestions.length > 0) {
    issues.push(
      issueError(
        'missing-column',
        `The question column${missingQuestions.length > 1 ? 's' : ''} ${missingQuestions.join(', ')} ${missingQuestions.length > 1 ? 'are' : 'is'} missing; is this a file of instrument "${instrument.id}"?`,
        { row: 1, column: missingQuestions.join(', ') },
      ),
    );
  }
  const segments = instrument.segments.map((s) => ({ key: s.key, index: find(s.key) })).filter((s) => s.index >= 0);
  const texts = instrument.textColumns.map((key) => ({ key, index: find(key) })).filter((s) => s.index >= 0);
  const unknown = names.filter((n, i) => !used.has(i) && n !== '');
  if (unknown.length > 0) {
    issues.push(issueWarning('unknown-columns', `Ignored ${unknown.length} unknown column${unknown.length > 1 ? 's' : ''} (not stored): ${unknown.join(', ')}.`));
  }
  return { map: { id, city, country, wave, weight, questions, segments, texts, names }, issues };
}
