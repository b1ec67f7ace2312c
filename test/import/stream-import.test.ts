import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { readImportContentGzip } from '../../src/db/imports.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { importSurveyFile } from '../../src/import/stream-import.js';
import { countAllTables, referenceStore } from '../support/test-store.js';
import { fixturePath, readFixture } from '../support/fixtures.js';

const now = new Date('2026-06-01T00:00:00Z');
let store: Store;
let dir: string;
beforeEach(async () => {
  store = await referenceStore();
  dir = mkdtempSync(join(tmpdir(), 'stream-import-'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const streamed = (path: string, extra: Partial<Parameters<typeof importSurveyFile>[1]> = {}) =>
  importSurveyFile(store, { path, fileName: 'file.csv', createdBy: 'test', now, ...extra });

describe('importSurveyFile (the streamed CLI path)', () => {
  it('gives the same summary and rows as the in-memory import for a clean file', async () => {
    const other = await referenceStore();
    const expected = await importSurvey(other.db, { bytes: readFixture('import', 'clean-wide.csv'), fileName: 'file.csv', createdBy: 'test', now });
    const summary = await streamed(fixturePath('import', 'clean-wide.csv'));
    expect(summary).toEqual(expected);
    const rows = async (s: Store) => s.db.selectFrom('respondents').select(['respondent_key', 'segments', 'texts', 'weight', 'answers']).orderBy('respondent_key').execute();
    expect(await rows(store)).toEqual(await rows(other));
    await other.close();
  });

  it('keeps the original bytes as gzip parts', async () => {
    const summary = await streamed(fixturePath('import', 'clean-wide.csv'));
    expect(gunzipSync(await readImportContentGzip(store.db, summary.importId!)).equals(readFixture('import', 'clean-wide.csv'))).toBe(true);
  });

  it('rejects a file with bad rows like the in-memory import, storing nothing', async () => {
    const before = await countAllTables(store);
    const summary = await streamed(fixturePath('import', 'bad-rows.csv'));
    expect(summary.importId).toBeNull();
    // The in-file duplicate is found by the unique index, not by a set of ids in memory.
    expect(summary.errors.map((e) => [e.code, e.row, e.column])).toEqual([
      ['duplicate-respondent', 4, 'respondent_id'],
      ['wave-invalid', 6, 'survey_year'],
    ]);
    expect(summary.warnings.map((w) => [w.code, w.row, w.column, w.value])).toContainEqual(['answer-invalid', 5, 'SOV01', '7']);
    expect(await countAllTables(store)).toEqual(before);
  });

  it('refuses ids already stored for the wave, naming the row and the import', async () => {
    const first = await streamed(fixturePath('import', 'clean-wide.csv'));
    const path = join(dir, 'again.csv');
    // Same respondents, different bytes (a trailing blank line): not a duplicate file, but duplicate ids.
    writeFileSync(path, Buffer.concat([readFixture('import', 'clean-wide.csv'), Buffer.from('\n')]));
    const before = await countAllTables(store);
    const again = await streamed(path);
    expect(again.errors.map((e) => [e.code, e.row])).toEqual([2, 3, 4, 5, 6].map((row) => ['respondent-exists', row]));
    expect(again.errors[0]!.message).toContain(`import #${first.importId}`);
    expect(await countAllTables(store)).toEqual(before);
  });

  it('keeps characters split across chunks whole', async () => {
    const header = readFixture('import', 'clean-wide.csv').toString('utf8').split('\n')[0]!;
    const answers = Array.from({ length: 30 }, () => '3').join(',');
    // "é" is two bytes in UTF-8: with 2.4 MB of them, some chunk boundary (256 KB) falls inside one.
    const comment = 'é€'.repeat(4000);
    const lines = Array.from({ length: 100 }, (_, i) => `k-${i},Gent,BE,2026,policy,team,${comment},${answers}`);
    const path = join(dir, 'utf8.csv');
    writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
    const summary = await streamed(path);
    expect(summary.errors).toEqual([]);
    expect(summary.encoding).toBe('utf-8');
    const texts = await store.db.selectFrom('respondents').select('texts').execute();
    expect(texts).toHaveLength(100);
    expect(texts.every((t) => JSON.parse(t.texts!).comment === comment)).toBe(true);
  });

  it('reads a file that is not UTF-8 as Windows-1252, with the warning', async () => {
    const text = readFixture('import', 'clean-wide.csv').toString('utf8').replace('München', 'Mxnchen');
    const bytes = Buffer.from(text, 'latin1');
    bytes[bytes.indexOf('Mxnchen')! + 1] = 0xfc; // ü in Windows-1252
    const path = join(dir, 'legacy.csv');
    writeFileSync(path, bytes);
    const summary = await streamed(path);
    expect(summary.encoding).toBe('windows-1252');
    expect(summary.warnings[0]!.code).toBe('encoding-windows-1252');
    expect(summary.cities.matched).toContain('München');
  });
});
