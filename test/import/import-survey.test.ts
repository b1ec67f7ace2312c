import { readImportOriginal } from '../../src/db/repositories/imports.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { countAllTables, referenceStore } from '../support/test-store.js';
import { readFixture } from '../support/fixtures.js';

const now = new Date('2026-06-01T00:00:00Z');
let store: Store;
beforeEach(async () => {
  store = await referenceStore();
});
afterEach(async () => store.close());

const run = (file: string, extra: Partial<Parameters<typeof importSurvey>[1]> = {}) =>
  importSurvey(store, { bytes: readFixture('import', file), fileName: file, createdBy: 'test', now, ...extra });

describe('importSurvey on a clean wide CSV', () => {
  it('stores every respondent and answer, and merges city aliases', async () => {
    const summary = await run('clean-wide.csv');
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(5);
    expect(summary.answers).toBe(150);
    // Gent, Ghent and "GENT " are one city; Munich and München too.
    expect(summary.cities).toEqual({ matched: ['Gent', 'München'], added: [] });
    const rows = await store.db.selectFrom('respondents').selectAll().orderBy('respondent_key').execute();
    expect(rows.map((r) => r.respondent_key)).toEqual(['g-1', 'g-2', 'g-3', 'm-1', 'm-2']);
    expect(rows[1]!.texts).toBe('{"comment":"Needs a shared platform, soon"}');
    // Packed in the instrument's segment order (role, layer); one character per answer.
    expect(rows[0]!.segments).toBe('\u001fpolicy\u001fteam');
    expect(rows[0]!.answers).toHaveLength(30);
    // The row of the file each respondent came from (header = row 1).
    expect(rows.map((r) => r.source_row)).toEqual([2, 3, 4, 5, 6]);
    // The import records its respondents' id range (undo deletes by it).
    const imp = await store.db
      .selectFrom('imports')
      .select(['first_respondent_id', 'last_respondent_id'])
      .executeTakeFirstOrThrow();
    const ids = rows.map((r) => r.id).sort((a, b) => a - b);
    expect([imp.first_respondent_id, imp.last_respondent_id]).toEqual([ids[0], ids[4]]);
  });

  it('keeps the original bytes and their sha256', async () => {
    const summary = await run('clean-wide.csv');
    const row = await store.db.selectFrom('imports').selectAll().executeTakeFirstOrThrow();
    expect(row.sha256).toBe(summary.sha256);
    expect(row.content_encoding).toBe('br');
    expect((await readImportOriginal(store.db, row.id)).equals(readFixture('import', 'clean-wide.csv'))).toBe(true);
  });

  it('stores nothing on a dry run', async () => {
    const before = await countAllTables(store);
    const summary = await run('clean-wide.csv', { dryRun: true });
    expect(summary).toMatchObject({ importId: null, respondents: 5, errors: [] });
    expect(await countAllTables(store)).toEqual(before);
  });

  it('refuses the same file twice, naming the first import', async () => {
    await run('clean-wide.csv');
    const before = await countAllTables(store);
    const again = await run('clean-wide.csv');
    expect(again.errors.map((e) => e.code)).toEqual(['duplicate-file']);
    expect(await countAllTables(store)).toEqual(before);
  });
});

describe('importSurvey on a file with bad rows', () => {
  it('rejects the file, reports every problem with row and column, and stores nothing', async () => {
    const before = await countAllTables(store);
    const summary = await run('bad-rows.csv');
    expect(summary.importId).toBeNull();
    expect(summary.errors.map((e) => [e.code, e.row, e.column])).toEqual([
      ['duplicate-respondent', 4, 'respondent_id'],
      ['wave-invalid', 6, 'survey_year'],
    ]);
    expect(summary.warnings.map((w) => [w.code, w.row, w.column, w.value])).toContainEqual([
      'answer-invalid',
      5,
      'SOV01',
      '7',
    ]);
    expect(await countAllTables(store)).toEqual(before);
  });
});
