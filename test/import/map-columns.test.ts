import { describe, expect, it } from 'vitest';
import { derivedKeys, mapColumns, textCode } from '../../src/import/read/map-columns.js';
import { defaultInstrument } from '../support/fixtures.js';

const instrument = defaultInstrument();
const codes = instrument.questions.map((q) => q.code);
const issues = (r: ReturnType<typeof mapColumns>) => r.issues.map((i) => [i.severity, i.code, i.message]);

describe('mapColumns', () => {
  it('finds every column of a clean header by name, after trim and case-fold', () => {
    const header = [' Respondent_ID', 'CITY', 'country', 'survey_year', 'weight', 'role', 'layer', 'comment', ...codes];
    const {
      map,
      long,
      issues: found,
    } = mapColumns(header, instrument, { given: { wave: false, city: false, country: false } });
    expect(found).toEqual([]);
    expect(long).toBeNull();
    expect([map.id, map.city, map.country, map.wave, map.weight]).toEqual([0, 1, 2, 3, 4]);
    expect(map.segments).toEqual([
      { key: 'role', index: 5 },
      { key: 'layer', index: 6 },
    ]);
    expect(map.texts).toEqual([{ key: 'comment', index: 7 }]);
    expect(map.questions).toEqual(codes.map((_, q) => 8 + q));
  });

  it('knows the common export names of the id and wave columns, and question codes before their text', () => {
    const header = ['ResponseId', 'city', 'country', 'Year', ...codes.map((c) => `${c}. Statement`)];
    const { map, issues: found } = mapColumns(header, instrument, {
      given: { wave: false, city: false, country: false },
    });
    expect(found).toEqual([]);
    expect([map.id, map.wave, map.weight]).toEqual([0, 3, -1]);
    expect(map.questions).toEqual(codes.map((_, q) => 4 + q));
  });

  it('names each missing required column and every missing question in one error, and warns of unknown columns', () => {
    const header = ['respondent_id', 'city', 'shoe_size', ...codes.slice(2)];
    const r = mapColumns(header, instrument, { given: { wave: false, city: false, country: false } });
    expect(issues(r)).toEqual([
      [
        'error',
        'missing-column',
        'The required column "country" (country) is missing; add it to the header, or give the country on import (--country BE).',
      ],
      [
        'error',
        'missing-column',
        'The required column "survey_year" (survey wave, or give the wave on import) is missing; add it to the header.',
      ],
      [
        'error',
        'missing-column',
        'The question columns SOV01, SOV02 are missing; is this a file of instrument "eurocities-ai-2026"?',
      ],
      ['warning', 'unknown-columns', 'Ignored 1 unknown column (not stored): shoe_size.'],
    ]);
  });

  it('needs no wave column when the wave is given on import', () => {
    const r = mapColumns(['respondent_id', 'city', 'country', ...codes], instrument, {
      given: { wave: true, city: false, country: false },
    });
    expect(r.issues).toEqual([]);
    expect(r.map.wave).toBe(-1);
  });

  it('refuses a column that appears twice, naming both positions', () => {
    const r = mapColumns(['respondent_id', 'city', 'City', 'country', 'survey_year', ...codes], instrument, {
      given: { wave: false, city: false, country: false },
    });
    expect(issues(r)).toEqual([
      ['error', 'duplicate-column', 'Column "City" appears twice (columns 2 and 3); remove one.'],
    ]);
  });

  it('recognises the long layout: no question column, but question and value', () => {
    const r = mapColumns(['respondent_id', 'city', 'country', 'survey_year', 'question', 'answer'], instrument, {
      given: { wave: false, city: false, country: false },
    });
    expect(r.issues).toEqual([]);
    expect(r.long).toMatchObject({ question: 4, value: 5, id: 0 });
  });

  it('reads codes from the extra header rows (Qualtrics question texts)', () => {
    const header = ['ResponseId', 'city', 'country', 'survey_year', ...codes.map((_, q) => `Q${q + 1}`)];
    const texts = ['', '', '', '', ...codes.map((c) => `${c}: statement text`)];
    const r = mapColumns(header, instrument, {
      given: { wave: false, city: false, country: false },
      extraHeaders: [texts],
    });
    expect(r.issues).toEqual([]);
    expect(r.map.questions).toEqual(codes.map((_, q) => 4 + q));
  });
});

describe('header keys', () => {
  it('textCode takes the code before the question text', () => {
    expect(textCode('sov01. the city keeps its data')).toBe('sov01');
    expect(textCode('sov01 - the city')).toBe('sov01');
    expect(textCode('sov01')).toBeNull();
  });

  it('derivedKeys gives LimeSurvey, KoboToolbox and space-free spellings', () => {
    expect(derivedKeys('sov[SOV01]')).toEqual(['sov01', 'sov']);
    expect(derivedKeys('group/SOV01')).toEqual(['sov01']);
    expect(derivedKeys('Respondent ID')).toEqual(['respondentid']);
  });
});
