import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { insertCity, listCities } from '../../src/db/repositories/cities.js';
import {
  findImport,
  insertImport,
  listImports,
  readImportOriginal,
  undoImport,
} from '../../src/db/repositories/imports.js';
import { listInstruments } from '../../src/db/repositories/instruments.js';
import { deletePeerGroup, listPeerGroups, savePeerGroup } from '../../src/db/repositories/peer-groups.js';
import { findOrCreateWave } from '../../src/db/repositories/waves.js';
import { dialectOf } from '../../src/db/dialect-name.js';
import { DomainError } from '../../src/domain/domain-error.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

// Runs in both vitest projects: on SQLite, and on PostgreSQL (MATURITY_TEST_DB=postgres).
const now = '2026-06-01T00:00:00.000Z';
let store: Store;
beforeAll(async () => {
  store = await referenceStore();
});
afterAll(async () => store.close());

describe(`the data layer on ${process.env.MATURITY_TEST_DB ?? 'sqlite'}`, () => {
  it('knows its dialect from the Kysely instance alone', () => {
    expect(dialectOf(store.db)).toBe(store.dialect);
    expect(store.dialect).toBe(process.env.MATURITY_TEST_DB === 'postgres' ? 'postgres' : 'sqlite');
  });

  it('returns ids and counts as numbers, not strings', async () => {
    const wave = await findOrCreateWave(store.db, 2026, 'eurocities-ai-2026', now);
    expect(typeof wave.id).toBe('number');
    const counts = await countAllTables(store);
    expect(Object.values(counts).every((n) => typeof n === 'number')).toBe(true);
    const row = await store.db
      .selectFrom('cities')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(row.n).toBe(counts.cities);
  });

  it('sorts text by code point on both databases (upper case before lower, accents last)', async () => {
    await insertCity(store.db, { name: 'zeta', country: 'XX', population: null }, 'import', now);
    await insertCity(store.db, { name: 'Zagreb-Test', country: 'XX', population: null }, 'import', now);
    await insertCity(store.db, { name: 'Ébène', country: 'XX', population: null }, 'import', now);
    const names = (await listCities(store.db)).filter((c) => c.country === 'XX').map((c) => c.name);
    // Code points: 'Z' (90) < 'z' (122) < 'É' (201).
    expect(names).toEqual(['Zagreb-Test', 'zeta', 'Ébène']);
  });

  it('adds a city once, under a free slug, and returns the stored one when it is added again', async () => {
    const first = await insertCity(store.db, { name: 'Testopolis', country: 'YY', population: null }, 'import', now);
    const other = await insertCity(store.db, { name: 'Testopolis', country: 'YZ', population: null }, 'import', now);
    const again = await insertCity(store.db, { name: ' TESTOPOLIS ', country: 'yy', population: 5 }, 'import', now);
    expect(first.slug).toBe('testopolis');
    expect(other.slug).toBe('testopolis-yz');
    expect(other.id).not.toBe(first.id);
    expect(again).toEqual(first);
    expect((await listCities(store.db)).filter((c) => c.name === 'Testopolis')).toHaveLength(2);
  });

  it('stores bytes and 8-byte floats exactly', async () => {
    const wave = await findOrCreateWave(store.db, 2026, 'eurocities-ai-2026', now);
    const bytes = Buffer.from('city;answer\nGent;4\n€’\n', 'utf8');
    const id = await insertImport(store.db, {
      wave_id: wave.id,
      file_name: 'x.csv',
      sha256: 'abc',
      size_bytes: bytes.length,
      content: gzipSync(bytes),
      content_encoding: 'gzip',
      status: 'committed',
      synthetic: 1,
      created_by: 't',
      created_at: now,
      undone_at: null,
      respondents: 1,
      answers: 1,
      warnings: 0,
      invalid_cells: 0,
      issues: '[]',
    });
    const stored = await store.db
      .selectFrom('imports')
      .select('content')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(Buffer.isBuffer(stored.content)).toBe(true);
    // An original kept before migration 0012 (gzip) and one kept since (Brotli, here split into a part) read back alike.
    expect((await readImportOriginal(store.db, id)).equals(bytes)).toBe(true);
    const brotli = brotliCompressSync(bytes);
    const newer = await insertImport(store.db, {
      wave_id: wave.id,
      file_name: 'y.csv',
      sha256: 'abd',
      size_bytes: bytes.length,
      content: brotli.subarray(0, 5),
      content_encoding: 'br',
      status: 'undone',
      synthetic: 1,
      created_by: 't',
      created_at: now,
      undone_at: now,
      respondents: 0,
      answers: 0,
      warnings: 0,
      invalid_cells: 0,
      issues: '[]',
    });
    await store.db
      .insertInto('import_content_parts')
      .values({ import_id: newer, part: 0, bytes: brotli.subarray(5) })
      .execute();
    expect((await readImportOriginal(store.db, newer)).equals(bytes)).toBe(true);
    await store.db.deleteFrom('import_content_parts').where('import_id', '=', newer).execute();
    await store.db.deleteFrom('imports').where('id', '=', newer).execute();
    const gent = (await listCities(store.db)).find((c) => c.slug === 'gent')!;
    // Weights that do not fit a 4-byte float, and one at the edge of double precision.
    const weights = [0.1 + 0.2, 1 / 3, 1.0000000000000002, 123456.78901234567];
    await store.db
      .insertInto('respondents')
      .values(
        weights.map((weight, i) => ({
          import_id: id,
          wave_id: wave.id,
          city_id: gent.id,
          respondent_key: `w${i}`,
          segments: null,
          texts: null,
          weight,
          answers: '4,5,,3',
        })),
      )
      .execute();
    const rows = await store.db
      .selectFrom('respondents')
      .select(['respondent_key', 'weight'])
      .where('import_id', '=', id)
      .orderBy('respondent_key')
      .execute();
    expect(rows.map((r) => r.weight)).toEqual(weights);
    const record = (await listImports(store.db)).find((r) => r.id === id)!;
    expect(record).toMatchObject({ synthetic: true, respondents: 1, sizeBytes: bytes.length });
    const counted = await store.db
      .selectFrom('respondents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('wave_id', '=', wave.id)
      .executeTakeFirstOrThrow();
    expect(counted.n).toBe(4);
  });

  it('undoes an import once, then names it as undone', async () => {
    const imp = (await listImports(store.db))[0]!;
    const undone = await undoImport(store.db, imp.id, now);
    expect(undone.status).toBe('undone');
    expect((await findImport(store.db, imp.id))?.undoneAt).toBe(now);
    await expect(undoImport(store.db, imp.id, now)).rejects.toBeInstanceOf(DomainError);
  });

  it('saves, replaces, lists (in code-point order) and deletes peer groups', async () => {
    await savePeerGroup(store.db, 'nordics', 'Oslo, Stockholm', now);
    await savePeerGroup(store.db, 'big-5', 'largest:5', now);
    await savePeerGroup(store.db, 'Nordics', 'Oslo, Helsinki', now); // names are case-insensitive: replaces
    expect(await listPeerGroups(store.db)).toEqual([
      { name: 'big-5', spec: 'largest:5' },
      { name: 'nordics', spec: 'Oslo, Helsinki' },
    ]);
    await deletePeerGroup(store.db, 'big-5');
    await expect(deletePeerGroup(store.db, 'big-5')).rejects.toThrow(/No saved peer group/);
  });

  it('holds the default instrument once', async () => {
    expect((await listInstruments(store.db)).map((i) => i.id)).toHaveLength(1);
  });
});
