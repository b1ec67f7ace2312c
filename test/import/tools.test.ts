import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';
import { importSurvey, type ImportRequest } from '../../src/import/import-survey.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { fixturePath, readFixture } from '../support/fixtures.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

/**
 * One export per survey tool (fixtures/import/tools, built by
 * scripts/build-tool-fixtures.ts and shaped like each tool's own export),
 * imported as exported with only its instrument and, where the file has no
 * city column, --city/--country. Every file holds the same four complete
 * respondents, so every import must give the same scores.
 */
const now = new Date('2026-06-01T00:00:00Z');

/** The complete respondents' answers, as the generator writes them (null: blank). */
const ANSWERS = [
  [5, 4, 4, 3, 2, 4],
  [4, 4, null, 2, 2, 3],
  [3, 5, 4, 4, 3, 5],
  [2, 3, 3, 1, 2, 2],
];

/**
 * A city's dimension score recomputed: per respondent the mean of 25·(v − 1)
 * over the answered items of the dimension, then the mean over respondents.
 * By hand: data = (83.33 + 75 + 75 + 41.67) / 4 = 68.75; skills = (50 + 33.33 + 75 + 16.67) / 4 = 43.75.
 */
function expectedDimension(rows: readonly (readonly (number | null)[])[], from: number): number {
  const perRespondent = rows.map((r) => {
    const items = r
      .slice(from, from + 3)
      .filter((v): v is number => v !== null)
      .map((v) => 25 * (v - 1));
    return items.reduce((a, b) => a + b, 0) / items.length;
  });
  return perRespondent.reduce((a, b) => a + b, 0) / perRespondent.length;
}

interface ToolCase {
  readonly tool: string;
  readonly file: string;
  readonly instrument: string;
  readonly format: string;
  readonly options?: Partial<ImportRequest>;
  /** City → its complete respondents' rows in ANSWERS. */
  readonly cities: Readonly<Record<string, readonly number[]>>;
  readonly warnings: readonly string[];
}

const GENT = { city: 'Gent', country: 'BE' };
const ALL_GENT = { Gent: [0, 1, 2, 3] };
const CASES: readonly ToolCase[] = [
  // One unfinished response left out (Finished False), one survey preview kept with a warning.
  {
    tool: 'Qualtrics',
    file: 'qualtrics.csv',
    instrument: 'qualtrics',
    format: 'qualtrics',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns', 'responses-unfinished', 'responses-test'],
  },
  {
    tool: 'Qualtrics 2016',
    file: 'qualtrics-2016.csv',
    instrument: 'qualtrics',
    format: 'qualtrics',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns', 'responses-unfinished', 'responses-test'],
  },
  {
    tool: 'Qualtrics legacy',
    file: 'qualtrics-legacy.csv',
    instrument: 'qualtrics',
    format: 'qualtrics',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns', 'responses-unfinished'],
  },
  {
    tool: 'SurveyMonkey',
    file: 'surveymonkey.csv',
    instrument: 'surveymonkey',
    format: 'surveymonkey',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns'],
  },
  {
    tool: 'LimeSurvey',
    file: 'limesurvey.csv',
    instrument: 'limesurvey',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns', 'responses-unfinished'],
  },
  {
    tool: 'SoSci Survey',
    file: 'sosci.csv',
    instrument: 'sosci',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns', 'header-row-skipped', 'responses-unfinished'],
  },
  // Cities from the file, countries written as Belgium, België, Belgique and BEL.
  {
    tool: 'KoboToolbox',
    file: 'kobo.csv',
    instrument: 'kobo',
    format: 'wide',
    cities: { Gent: [0, 2], Antwerpen: [1, 3] },
    warnings: ['unknown-columns'],
  },
  {
    tool: 'Google Forms',
    file: 'google-forms.csv',
    instrument: 'google-forms',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['ids-from-rows', 'unknown-columns'],
  },
  {
    tool: 'Microsoft Forms',
    file: 'microsoft-forms.xlsx',
    instrument: 'microsoft-forms',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns'],
  },
  {
    tool: 'EUSurvey (.xlsx)',
    file: 'eusurvey.xlsx',
    instrument: 'eusurvey',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns'],
  },
  {
    tool: 'EUSurvey (.ods)',
    file: 'eusurvey.ods',
    instrument: 'eusurvey',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns'],
  },
  {
    tool: 'EUSurvey (.xls)',
    file: 'eusurvey.xls',
    instrument: 'eusurvey',
    format: 'wide',
    options: GENT,
    cities: ALL_GENT,
    warnings: ['unknown-columns'],
  },
];

let store: Store;
beforeEach(async () => {
  store = await referenceStore();
});
afterEach(async () => {
  await store.close();
});

async function addToolInstrument(name: string): Promise<string> {
  const text = readFileSync(fixturePath('import', 'tools', `${name}.instrument.json`), 'utf8');
  return (await addInstrument(store.db, text, now.toISOString())).id;
}

describe('exports of survey tools import as exported', () => {
  it.each(CASES)('$tool ($file)', async (c) => {
    const instrumentId = await addToolInstrument(c.instrument);
    const summary = await importSurvey(store, {
      bytes: readFixture('import', 'tools', c.file),
      fileName: c.file,
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...c.options,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.format).toBe(c.format);
    expect(summary.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
    expect(summary.respondents).toBe(4);
    const scoring = await loadWaveScoring(store.db, 2026, instrumentId);
    expect(scoring.cities.map((s) => scoring.citiesBySlug.get(s.city)!.name).sort()).toEqual(
      Object.keys(c.cities).sort(),
    );
    for (const [name, rows] of Object.entries(c.cities)) {
      const score = scoring.cities.find((s) => scoring.citiesBySlug.get(s.city)!.name === name)!;
      const mine = rows.map((i) => ANSWERS[i]!);
      expect(score.respondents).toBe(rows.length);
      expect(scoring.citiesBySlug.get(score.city)!.country).toBe('BE');
      {
        // Kobo (2 per city, minRespondents 2): Gent data (83.33 + 75) / 2 = 79.17, skills (50 + 75) / 2 = 62.5;
        // Antwerpen data (75 + 41.67) / 2 = 58.33, skills (33.33 + 16.67) / 2 = 25.
        expect(score.dimensions[0]!.score).toBeCloseTo(expectedDimension(mine, 0), 10);
        expect(score.dimensions[1]!.score).toBeCloseTo(expectedDimension(mine, 3), 10);
      }
    }
  });

  it('gives the hand-computed scores of the four respondents (68.75 and 43.75)', () => {
    expect(expectedDimension(ANSWERS, 0)).toBeCloseTo(68.75, 10);
    expect(expectedDimension(ANSWERS, 3)).toBeCloseTo(43.75, 10);
  });

  it('keeps unfinished responses with includeIncomplete (5 respondents)', async () => {
    const instrumentId = await addToolInstrument('limesurvey');
    const summary = await importSurvey(store, {
      bytes: readFixture('import', 'tools', 'limesurvey.csv'),
      fileName: 'l.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
      includeIncomplete: true,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(5);
  });

  it('refuses a city given twice (a column and the option), leaving every table as it was', async () => {
    const instrumentId = await addToolInstrument('kobo');
    const before = await countAllTables(store);
    const summary = await importSurvey(store, {
      bytes: readFixture('import', 'tools', 'kobo.csv'),
      fileName: 'k.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
    });
    expect(summary.errors.map((e) => [e.code, e.column])).toEqual([
      ['city-given-twice', 'group_intro/city'],
      ['country-given-twice', 'group_intro/country'],
    ]);
    expect(await countAllTables(store)).toEqual(before);
  });

  it('refuses a file of one city without --city, saying how to give it', async () => {
    const instrumentId = await addToolInstrument('google-forms');
    const summary = await importSurvey(store, {
      bytes: readFixture('import', 'tools', 'google-forms.csv'),
      fileName: 'g.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
    });
    expect(summary.errors.map((e) => e.code)).toEqual(['missing-column', 'missing-column']);
    expect(summary.errors[0]!.message).toContain('--city Gent');
  });

  it('imports a file of several waves: respondents per wave, and undo removes them all', async () => {
    const { undoImport } = await import('../../src/db/repositories/imports.js');
    const instrumentId = await addToolInstrument('kobo');
    const header = readFixture('import', 'tools', 'kobo.csv').toString('utf8').split('\n');
    // The Kobo export with a wave column: rows 2 and 3 in 2025, rows 4 and 5 in 2026.
    const text = [
      `${header[0]};survey_year`,
      ...header.slice(1, 5).map((line, i) => `${line};${i < 2 ? 2025 : 2026}`),
    ].join('\n');
    const before = await countAllTables(store);
    const summary = await importSurvey(store, {
      bytes: Buffer.from(text),
      fileName: 'waves.csv',
      instrumentId,
      createdBy: 'test',
      now,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.waves.map((w) => [w.wave, w.respondents])).toEqual([
      [2025, 2],
      [2026, 2],
    ]);
    expect(summary.respondents).toBe(4);
    const stored = await countAllTables(store);
    expect([stored.imports! - before.imports!, stored.respondents! - before.respondents!]).toEqual([2, 4]);
    await undoImport(store.db, summary.waves[1]!.importId!, now.toISOString());
    const rows = await store.db.selectFrom('imports').select(['status']).execute();
    expect(rows.map((r) => r.status)).toEqual(['undone', 'undone']);
    expect((await countAllTables(store)).respondents).toBe(before.respondents);
  });

  it('recognises the same file without an id column on a second upload by its hash', async () => {
    const instrumentId = await addToolInstrument('google-forms');
    const request = {
      bytes: readFixture('import', 'tools', 'google-forms.csv'),
      fileName: 'g.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
    };
    expect((await importSurvey(store, request)).errors).toEqual([]);
    const before = await countAllTables(store);
    expect((await importSurvey(store, request)).errors.map((e) => e.code)).toEqual(['duplicate-file']);
    expect(await countAllTables(store)).toEqual(before);
  });
});
