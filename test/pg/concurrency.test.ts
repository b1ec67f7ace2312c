import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { importSurvey, type ImportSummary } from '../../src/import/import-survey.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';
import { countAllTables } from '../support/test-store.js';
import { blankPgDatabase, pgAvailable, pgDatabase } from '../support/pg.js';

/**
 * Several app processes on one PostgreSQL database, simulated by several
 * Stores (each its own connection pool, as each process has).
 */
const now = new Date('2026-06-01T00:00:00Z');
const questions = ['SOV', 'IMP', 'COM', 'INT', 'INF'].flatMap((d) => [1, 2, 3, 4, 5, 6].map((i) => `${d}0${i}`));

/** A survey file of `n` respondents `${prefix}-1…n` in `city`, wave 2026. */
function surveyCsv(prefix: string, n: number, city = 'Gent', country = 'BE', salt = ''): Buffer {
  const lines = [['respondent_id', 'city', 'country', 'survey_year', ...questions].join(',')];
  for (let i = 1; i <= n; i++) {
    lines.push([`${prefix}-${i}`, city, country, 2026, ...questions.map((_, q) => ((i + q) % 5) + 1)].join(','));
  }
  return Buffer.from(`${lines.join('\n')}\n${salt}`, 'utf8');
}

const importAs = (store: Store, bytes: Buffer, fileName: string): Promise<ImportSummary> =>
  importSurvey(store, { bytes, fileName, createdBy: 'test', now });

describe.skipIf(!pgAvailable)('PostgreSQL shared by several processes', () => {
  it('runs each migration once when several processes start on a blank database at once', async () => {
    const database = await blankPgDatabase();
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => createPostgresStore(database.url, { poolMax: 2 })));
      const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
        stores[0]!.db,
      );
      expect(applied.rows.map((r) => r.name)).toEqual([...new Set(applied.rows.map((r) => r.name))]);
      expect(applied.rows[0]?.name).toBe('0001_init');
      // Reference data loaded by all four at once: once.
      await Promise.all(stores.map((s) => ensureReferenceData(s.db, now)));
      const counts = await countAllTables(stores[0]!);
      expect(counts.instruments).toBe(1);
      const registry = await stores[1]!.db.selectFrom('cities').select('name_key').execute();
      expect(new Set(registry.map((r) => r.name_key)).size).toBe(registry.length);
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await database.drop();
    }
  });

  describe('two imports at the same time', () => {
    let url: string;
    let drop: () => Promise<void>;
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      ({ url, drop } = await pgDatabase('reference'));
      [a, b] = await Promise.all([createPostgresStore(url, { poolMax: 3 }), createPostgresStore(url, { poolMax: 3 })]);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await drop?.();
    });

    it('stores both when they do not overlap, adding a city both name only once', async () => {
      const [x, y] = await Promise.all([
        importAs(a, surveyCsv('x', 400, 'Neustadt-Test', 'DE'), 'x.csv'),
        importAs(b, surveyCsv('y', 400, 'Neustadt-Test', 'DE'), 'y.csv'),
      ]);
      expect([x.errors, y.errors]).toEqual([[], []]);
      expect(x.importId).not.toBe(y.importId);
      const cities = await a.db.selectFrom('cities').select('id').where('name', '=', 'Neustadt-Test').execute();
      expect(cities).toHaveLength(1);
      const perImport = await b.db
        .selectFrom('respondents')
        .select([
          'import_id',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.min('respondent_key').as('first'),
        ])
        .where('city_id', '=', cities[0]!.id)
        .groupBy('import_id')
        .orderBy('import_id')
        .execute();
      // Each import's 400 rows under its own id: none lost, none swapped.
      expect(perImport.map((r) => r.n)).toEqual([400, 400]);
      expect(new Set(perImport.map((r) => String(r.first).charAt(0)))).toEqual(new Set(['x', 'y']));
    });

    it('stores one and refuses the other (respondent-exists) when they share respondents', async () => {
      const before = await countAllTables(a);
      const [p, q] = await Promise.all([
        importAs(a, surveyCsv('p', 300), 'p1.csv'),
        importAs(b, surveyCsv('p', 300, 'Gent', 'BE', '\n'), 'p2.csv'), // same rows, other bytes
      ]);
      const results = [p, q].sort((m, n) => m.errors.length - n.errors.length);
      expect(results[0]!.errors).toEqual([]);
      expect(results[1]!.importId).toBeNull();
      expect(new Set(results[1]!.errors.map((e) => e.code))).toEqual(new Set(['respondent-exists']));
      expect(results[1]!.errors).toHaveLength(300);
      const after = await countAllTables(b);
      expect(after.respondents! - before.respondents!).toBe(300);
      expect(after.imports! - before.imports!).toBe(1);
    });

    it('stores the same file once when it is sent twice at once (duplicate-file)', async () => {
      const bytes = surveyCsv('d', 200);
      const results = await Promise.all([importAs(a, bytes, 'd.csv'), importAs(b, bytes, 'd.csv')]);
      const codes = results.map((r) => r.errors.map((e) => e.code)[0] ?? 'ok').sort();
      expect(codes).toEqual(['duplicate-file', 'ok']);
      const stored = await a.db.selectFrom('respondents').select('id').where('respondent_key', 'like', 'd-%').execute();
      expect(stored).toHaveLength(200);
    });

    it('leaves nothing behind when the database fails in the middle of an import', async () => {
      // A trigger that fails on the 150th respondent: after the wave, city and import rows were written.
      await sql`create function fail_late() returns trigger language plpgsql as $$
        begin if new.respondent_key = 'f-150' then raise exception 'disk full (simulated)'; end if; return new; end $$`.execute(
        a.db,
      );
      await sql`create trigger fail_late before insert on respondents for each row execute function fail_late()`.execute(
        a.db,
      );
      try {
        const before = await countAllTables(a);
        await expect(importAs(b, surveyCsv('f', 300, 'Failtown-Test', 'NL'), 'f.csv')).rejects.toThrow(/disk full/);
        expect(await countAllTables(a)).toEqual(before);
        expect(await a.db.selectFrom('cities').select('id').where('name', '=', 'Failtown-Test').execute()).toEqual([]);
      } finally {
        await sql`drop trigger fail_late on respondents`.execute(a.db);
        await sql`drop function fail_late()`.execute(a.db);
      }
    });
  });
});
