import * as XLSX from '@e965/xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { shortList } from '../../src/import/read/map-columns.js';
import { unzippedSize } from '../../src/import/read/workbook.js';
import { countryCode, parseCountryOption } from '../../src/import/validate/country-code.js';
import { readFixture } from '../support/fixtures.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

const now = new Date('2026-06-01T00:00:00Z');
const GENT = { city: 'Gent', country: 'BE' };

describe('countries as people write them', () => {
  it.each([
    ['BE', 'BE'],
    ['be', 'BE'],
    ['BEL', 'BE'],
    ['Belgium', 'BE'],
    ['België', 'BE'],
    ['Belgique', 'BE'],
    ['Belgien', 'BE'],
    ['  belgië ', 'BE'],
    ['Deutschland', 'DE'],
    ['Allemagne', 'DE'],
    ['Nederland', 'NL'],
    ['Pays-Bas', 'NL'],
    ['NLD', 'NL'],
  ])('%s → %s', (written, code) => {
    expect(countryCode(written)).toBe(code);
  });

  it('knows no Atlantis, nor the two-letter code XX', () => {
    expect(countryCode('Atlantis')).toBeNull();
    expect(countryCode('XX')).toBeNull();
    expect(() => parseCountryOption('Atlantis')).toThrow('"Atlantis" is not a country');
  });
});

describe('short warnings', () => {
  it('lists at most 10 names, then "and N more"', () => {
    const names = Array.from({ length: 13 }, (_, i) => `c${i + 1}`);
    expect(shortList(names)).toBe('c1, c2, c3, c4, c5, c6, c7, c8, c9, c10 and 3 more');
    expect(shortList(names.slice(0, 10))).toBe('c1, c2, c3, c4, c5, c6, c7, c8, c9, c10');
  });
});

describe('import rules', () => {
  let store: Store;
  let instrumentId: string;
  beforeEach(async () => {
    store = await referenceStore();
    instrumentId = (
      await addInstrument(
        store.db,
        readFixture('import', 'tools', 'google-forms.instrument.json').toString('utf8'),
        now.toISOString(),
      )
    ).id;
  });
  afterEach(async () => store.close());

  const TEXTS = [
    'Our city shares its data openly.',
    'We know which data we hold.',
    'Data quality is checked regularly.',
    'Staff are trained in digital tools.',
    'Managers support digital projects.',
    'We learn from other cities.',
  ];
  const file = (rows: string[][], extra: string[] = []) =>
    Buffer.from([[...TEXTS, ...extra], ...rows].map((r) => r.map((c) => `"${c}"`).join(',')).join('\n'));

  it('refuses a column whose answers are mostly a label the instrument lacks, naming the values and their counts', async () => {
    // Column 3: 3 of 4 filled cells are labels the instrument lacks (75 % > 20 %, at least 3): refused.
    const rows = [
      ['5', '4', 'Neither agree nor disagree', '3', '2', '4'],
      ['4', '4', 'Neither agree nor disagree', '2', '2', '3'],
      ['3', '5', 'Not sure', '4', '3', '5'],
      ['2', '3', '3', '1', '2', '2'],
    ];
    const instrument = (
      await addInstrument(
        store.db,
        readFixture('import', 'tools', 'google-forms.instrument.json')
          .toString('utf8')
          .replace('"Neither agree nor disagree"', '"Neutral"')
          .replace('staff-google-forms', 'staff-no-neither'),
        now.toISOString(),
      )
    ).id;
    const before = await countAllTables(store);
    const summary = await importSurvey(store, {
      bytes: file(rows),
      fileName: 'f.csv',
      wave: 2026,
      instrumentId: instrument,
      createdBy: 'test',
      now,
      ...GENT,
    });
    expect(summary.errors.map((e) => e.code)).toEqual(['column-unmatched-answers']);
    expect(summary.errors[0]!.column).toBe(TEXTS[2]);
    expect(summary.errors[0]!.message).toContain('3 of 4 answers (75.0 %)');
    expect(summary.errors[0]!.message).toContain('"Neither agree nor disagree" (2), "Not sure" (1)');
    expect(summary.errors[0]!.names).toEqual(['Neither agree nor disagree', 'Not sure']);
    expect(await countAllTables(store)).toEqual(before);
  });

  it('lists at most 10 unknown columns in the warning and all of them in the JSON', async () => {
    const extra = Array.from({ length: 12 }, (_, i) => `extra ${i + 1}`);
    const rows = [['5', '4', '4', '3', '2', '4', ...extra.map(() => 'x')]];
    const summary = await importSurvey(store, {
      bytes: file(rows, extra),
      fileName: 'f.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
      dryRun: true,
    });
    const warning = summary.warnings.find((w) => w.code === 'unknown-columns')!;
    expect(warning.message).toBe(
      'Ignored 12 unknown columns (not stored): extra 1, extra 2, extra 3, extra 4, extra 5, extra 6, extra 7, extra 8, extra 9, extra 10 and 2 more.',
    );
    expect(warning.names).toEqual(extra);
  });

  it('names the cell of a workbook in its messages (Sheet1!C3)', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([TEXTS, [5, 4, 4, 3, 2, 4], [4, 4, 9, 2, 2, 3]]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
    const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    const summary = await importSurvey(store, {
      bytes,
      fileName: 'f.csv',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
      dryRun: true,
    });
    expect(summary.sheet).toEqual({ name: 'Sheet1', type: 'xlsx' });
    const invalid = summary.warnings.find((w) => w.code === 'answer-invalid')!;
    expect(invalid.message).toBe(`Sheet1!C3 (${TEXTS[2]}): "9" is not between 1 and 5; stored as no answer.`);
  });

  it('refuses a sheet that is not there, naming the sheets', async () => {
    const summary = await importSurvey(store, {
      bytes: readFixture('import', 'tools', 'eusurvey.xlsx'),
      fileName: 'e.xlsx',
      wave: 2026,
      instrumentId,
      createdBy: 'test',
      now,
      ...GENT,
      sheet: 'Results',
    });
    expect(summary.errors.map((e) => e.code)).toEqual(['sheet-not-found']);
    expect(summary.errors[0]!.message).toContain('its sheets are: Content');
  });

  it('reads the unpacked size of a zipped workbook from its central directory', () => {
    const bytes = readFixture('import', 'tools', 'eusurvey.xlsx');
    // Every part of the archive is listed; the sheet alone unpacks to more than the 3 KiB archive.
    expect(unzippedSize(bytes)).toBeGreaterThan(bytes.byteLength);
  });

  it('refuses an unknown country name in the file, naming row and value', async () => {
    const json = JSON.parse(readFixture('import', 'tools', 'google-forms.instrument.json').toString('utf8'));
    const id = (await addInstrument(store.db, JSON.stringify({ ...json, id: 'staff-with-country' }), now.toISOString()))
      .id;
    const rows = [
      ['5', '4', '4', '3', '2', '4', 'Belgique'],
      ['4', '4', '3', '2', '2', '3', 'Atlantis'],
    ];
    const summary = await importSurvey(store, {
      bytes: file(rows, ['country']),
      fileName: 'f.csv',
      wave: 2026,
      instrumentId: id,
      createdBy: 'test',
      now,
      city: 'Gent',
      dryRun: true,
    });
    expect(summary.errors.map((e) => [e.code, e.row, e.column, e.value])).toEqual([
      ['country-invalid', 3, 'country', 'Atlantis'],
    ]);
  });

  it('finds a question by any of its alternative header texts (the Dutch export of the survey)', async () => {
    const json = JSON.parse(readFixture('import', 'tools', 'google-forms.instrument.json').toString('utf8')) as {
      id: string;
      dimensions: { questions: { column: string | string[] }[] }[];
    };
    json.id = 'staff-bilingual';
    const dutch = [
      'Onze stad deelt haar data open.',
      'We weten welke data we hebben.',
      'De datakwaliteit wordt geregeld nagekeken.',
      'Medewerkers zijn opgeleid in digitale tools.',
      'Leidinggevenden steunen digitale projecten.',
      'We leren van andere steden.',
    ];
    let q = 0;
    for (const d of json.dimensions)
      for (const question of d.questions) question.column = [question.column as string, dutch[q++]!];
    const id = (await addInstrument(store.db, JSON.stringify(json), now.toISOString())).id;
    const text = [dutch.map((t) => `"${t.toUpperCase()}  "`).join(';'), '5;4;4;3;2;4'].join('\n');
    const summary = await importSurvey(store, {
      bytes: Buffer.from(text),
      fileName: 'nl.csv',
      wave: 2026,
      instrumentId: id,
      createdBy: 'test',
      now,
      ...GENT,
      dryRun: true,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.answers).toBe(6);
  });

  it('reads the completion values the instrument names (T/F)', async () => {
    const json = JSON.parse(readFixture('import', 'tools', 'google-forms.instrument.json').toString('utf8'));
    const id = (
      await addInstrument(
        store.db,
        JSON.stringify({ ...json, id: 'staff-tf', columns: { completion: 'Done' }, completeValues: ['T'] }),
        now.toISOString(),
      )
    ).id;
    const rows = [
      ['5', '4', '4', '3', '2', '4', 'T'],
      ['4', '4', '3', '2', '2', '3', 'F'],
      ['4', '4', '3', '2', '2', '3', 't'],
    ];
    const summary = await importSurvey(store, {
      bytes: file(rows, ['Done']),
      fileName: 'f.csv',
      wave: 2026,
      instrumentId: id,
      createdBy: 'test',
      now,
      ...GENT,
      dryRun: true,
    });
    expect(summary.respondents).toBe(2);
    expect(summary.warnings.find((w) => w.code === 'responses-unfinished')!.message).toBe(
      '1 unfinished response was left out (column "Done"); import with --include-incomplete to keep them.',
    );
  });
});
