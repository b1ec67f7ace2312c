import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { importCityCounts, readImportCityMap } from '../../src/db/repositories/import-city-counts.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { cityRespondents, importCsv, surveyCsv } from '../support/survey-csv.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

let store: Store;
beforeEach(async () => {
  store = await referenceStore();
  await importCsv(store, surveyCsv(cityRespondents('Gent', 9)), 'gent-first.csv');
});
afterEach(async () => store.close());

describe('city mappings on import', () => {
  it('stores "Gnt" rows as Gent, records the mapping and counts per city before and after', async () => {
    const summary = await importSurvey(store, {
      bytes: surveyCsv([...cityRespondents('Gnt', 3, 10), ...cityRespondents('gent', 1, 20)]),
      fileName: 'wave2.csv',
      cityMap: [{ from: 'GNT', to: 'Gent' }],
      createdBy: 'test',
      now: new Date('2026-06-02T00:00:00Z'),
    });
    expect(summary.errors).toEqual([]);
    // 9 committed + 3 mapped + 1 written "gent" = 13
    expect(summary.perCity).toEqual([
      { wave: 2026, city: 'Gent', country: 'BE', before: 9, after: 13, newCity: false, mappedFrom: ['Gnt'] },
    ]);
    expect(await readImportCityMap(store.db, summary.importId!)).toEqual([{ from: 'GNT', to: 'Gent' }]);
    expect(await importCityCounts(store.db, summary.importId!)).toMatchObject([{ name: 'Gent', respondents: 4 }]);
  });

  it('suggests Gent for "Gnt" without a mapping and adds it as a new city', async () => {
    const summary = await importSurvey(store, {
      bytes: surveyCsv(cityRespondents('Gnt', 3, 10)),
      fileName: 'wave2.csv',
      dryRun: true,
      createdBy: 'test',
      now: new Date('2026-06-02T00:00:00Z'),
    });
    expect(summary.citySuggestions).toEqual([{ name: 'Gnt', country: 'BE', suggestions: ['Gent'] }]);
    expect(summary.perCity).toEqual([
      { wave: 2026, city: 'Gnt', country: 'BE', before: 0, after: 3, newCity: true, mappedFrom: [] },
    ]);
  });

  it('refuses the whole file when a mapping names no known city, storing nothing', async () => {
    const before = await countAllTables(store);
    const summary = await importSurvey(store, {
      bytes: surveyCsv(cityRespondents('Gnt', 3, 10)),
      fileName: 'wave2.csv',
      cityMap: [{ from: 'Gnt', to: 'Atlantis' }],
      createdBy: 'test',
      now: new Date('2026-06-02T00:00:00Z'),
    });
    expect(summary.errors.map((e) => e.code)).toEqual(['city-map-invalid']);
    expect(await countAllTables(store)).toEqual(before);
  });
});
