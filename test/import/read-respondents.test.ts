import { describe, expect, it } from 'vitest';
import { arrayCells } from '../../src/import/read/cells.js';
import { mapColumns } from '../../src/import/read/map-columns.js';
import {
  invalidShareIssue,
  newRowContext,
  readRespondent,
  type RowContext,
} from '../../src/import/validate/read-respondents.js';
import { defaultInstrument } from '../support/fixtures.js';

const instrument = defaultInstrument();
const codes = instrument.questions.map((q) => q.code);
const header = ['respondent_id', 'city', 'country', 'survey_year', 'weight', 'role', 'comment', ...codes];
const { map } = mapColumns(header, instrument, { given: { wave: false, city: false, country: false } });
const answers = (...first: string[]) => [...first, ...Array.from({ length: codes.length - first.length }, () => '3')];
const row = (
  over: Partial<Record<'id' | 'city' | 'country' | 'wave' | 'weight' | 'role' | 'comment', string>>,
  cells = answers(),
) =>
  arrayCells([
    over.id ?? 'r-1',
    over.city ?? 'Gent',
    over.country ?? 'be',
    over.wave ?? '2026',
    over.weight ?? '',
    over.role ?? '',
    over.comment ?? '',
    ...cells,
  ]);
const context = (wave?: number): RowContext => newRowContext(instrument, map, 2026, wave);
const issues = (ctx: RowContext) => ctx.issues.map((i) => [i.code, i.message]);

describe('readRespondent', () => {
  it('reads a good row into a typed respondent: country upper-cased, blanks as no answer, segments and texts kept', () => {
    const ctx = context();
    const r = readRespondent(
      ctx,
      2,
      row({ weight: '1,5', role: 'it', comment: ' Fine ' }, answers('5', '', 'n/a', '4,0')),
    );
    expect(ctx.issues).toEqual([]);
    expect(r).toEqual({
      row: 2,
      key: 'r-1',
      city: 'Gent',
      country: 'BE',
      wave: 2026,
      weight: 1.5,
      segments: { role: 'it' },
      texts: { comment: 'Fine' },
      answers: [5, null, null, 4, ...Array.from({ length: codes.length - 4 }, () => 3)],
    });
    // 30 answer cells read; 28 answers (the blank and the missing code "n/a" are none), no invalid cell.
    expect(ctx.counts).toEqual({
      answers: codes.length - 2,
      answerCells: codes.length,
      invalidCells: 0,
      incomplete: 0,
      testResponses: 0,
    });
  });

  it('refuses the row with one error per bad field, naming row and column', () => {
    const ctx = context();
    expect(readRespondent(ctx, 7, row({ id: '', wave: '2099', weight: '-1' }))).toBeNull();
    expect(issues(ctx)).toEqual([
      ['value-missing', 'Row 7, respondent_id: the respondent id is empty.'],
      ['wave-invalid', 'Row 7, survey_year: "2099" is not a wave year between 1990 and 2026.'],
      ['weight-invalid', 'Row 7, weight: "-1" is not a positive number.'],
    ]);
  });

  it('stores an invalid answer as none with a warning, and counts it', () => {
    const ctx = context();
    const r = readRespondent(ctx, 3, row({}, answers('6')));
    expect(r?.answers[0]).toBeNull();
    expect(issues(ctx)).toEqual([['answer-invalid', 'Row 3, SOV01: "6" is not between 1 and 5; stored as no answer.']]);
    expect(ctx.counts.invalidCells).toBe(1);
  });

  it('takes the wave given on import for an empty cell, and refuses a row that contradicts it', () => {
    const ctx = context(2025);
    expect(readRespondent(ctx, 2, row({ wave: '' }))?.wave).toBe(2025);
    expect(readRespondent(ctx, 3, row({ wave: '2026' }))).toBeNull();
    expect(issues(ctx)).toEqual([
      ['wave-mismatch', 'Row 3, survey_year: the row says wave 2026 but the import is for wave 2025.'],
    ]);
  });

  it('refuses a ragged row and an invisible control character', () => {
    const ctx = context();
    expect(readRespondent(ctx, 4, arrayCells(['r-1', 'Gent']))).toBeNull();
    expect(readRespondent(ctx, 5, row({ city: 'Ge\u202Ent' }))).toBeNull();
    expect(issues(ctx)).toEqual([
      [
        'row-ragged',
        `Row 4 has 2 fields where the header has ${header.length}; check for a stray delimiter or a missing quote.`,
      ],
      ['text-control-character', 'Row 5, city: contains the invisible character U+202E; remove it.'],
    ]);
  });
});

describe('invalidShareIssue', () => {
  it('rejects a file only when more than 20 % of its answer cells are invalid', () => {
    expect(
      invalidShareIssue({ answers: 80, answerCells: 100, invalidCells: 20, incomplete: 0, testResponses: 0 }),
    ).toBeNull();
    expect(
      invalidShareIssue({ answers: 79, answerCells: 100, invalidCells: 21, incomplete: 0, testResponses: 0 })?.message,
    ).toBe(
      '21 of 100 answer cells (21.0 %) are invalid, more than 20 %: is this the right instrument, or an export of labels in another language?',
    );
    expect(
      invalidShareIssue({ answers: 0, answerCells: 0, invalidCells: 0, incomplete: 0, testResponses: 0 }),
    ).toBeNull();
  });
});
