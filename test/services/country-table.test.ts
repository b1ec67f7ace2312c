import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { scoresJson } from '../../src/services/scores-json.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { memoryStore } from '../support/test-store.js';

// The pre-2010 UNDP HDI as an instrument (see test/domain/composite-index.test.ts for the source).
const hdi = {
  id: 'hdi-2007',
  version: '2007/2008',
  name: { en: 'Human Development Index (pre-2010 method)' },
  scale: { type: 'goalposts', min: 0, max: 100 },
  minRespondents: 1,
  columns: { id: 'iso', city: 'country_name', country: 'iso', wave: 'year' },
  dimensions: [
    {
      key: 'health',
      label: { en: 'Health' },
      questions: [
        { code: 'life_expectancy', text: { en: 'Life expectancy' }, scale: { type: 'goalposts', min: 25, max: 85 } },
      ],
    },
    {
      key: 'knowledge',
      label: { en: 'Knowledge' },
      children: [
        {
          key: 'literacy',
          label: { en: 'Literacy' },
          weight: 2,
          questions: [{ code: 'adult_literacy', text: { en: 'Adult literacy (%)' } }],
        },
        {
          key: 'enrolment',
          label: { en: 'Enrolment' },
          weight: 1,
          questions: [{ code: 'gross_enrolment', text: { en: 'Gross enrolment (%)' } }],
        },
      ],
    },
    {
      key: 'living',
      label: { en: 'Living standard' },
      questions: [
        {
          code: 'log_gdp',
          text: { en: 'log10 GDP per capita' },
          scale: { type: 'goalposts', min: 2, max: 4.6020599913 },
        },
      ],
    },
  ],
};

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => store.close());

describe('a country-level indicator table as a survey, end to end', () => {
  it('imports one row per country (semicolons, decimal commas) and scores the published HDI', async () => {
    await addInstrument(store.db, JSON.stringify(hdi), '2026-06-01T00:00:00Z');
    const csv =
      'iso;country_name;year;life_expectancy;adult_literacy;gross_enrolment;log_gdp\nTR;Türkiye;2005;71,4;87,4;68,7;3,924641\n';
    const summary = await importSurvey(store, {
      bytes: Buffer.from(csv),
      fileName: 'hdi.csv',
      instrumentId: 'hdi-2007',
      createdBy: 'test',
      now: new Date('2026-06-01T00:00:00Z'),
    });
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(1);
    const json = scoresJson(await loadWaveScoring(store.db, 2005, 'hdi-2007'));
    const tr = json.cities[0]!;
    // HDR 2007/2008 technical note: HDI of Turkey 0.775 (the arithmetic is in the domain test)
    expect(Math.round(tr.index.score! * 10) / 1000).toBe(0.775);
    expect(tr.dimensions.map((d) => Math.round(d.score! * 10) / 1000)).toEqual([0.773, 0.812, 0.74]);
    expect(tr.dimensions[0]).toMatchObject({ n: 1, sd: null, suppressed: false });
  });
});
