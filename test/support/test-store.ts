import { openSqlite, type Store } from '../../src/db/create-db.js';
import { pgStore } from './pg.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';

/**
 * A fresh database with the real migrations (never a mock): in-memory SQLite,
 * or, in the "postgres" test project (MATURITY_TEST_DB=postgres), a new
 * PostgreSQL database of the test cluster. Tests written against this run on both.
 */
export async function memoryStore(): Promise<Store> {
  if (process.env.MATURITY_TEST_DB === 'postgres') return pgStore();
  return openSqlite(':memory:');
}

/** An in-memory database with the default instrument and the city registry. */
export async function referenceStore(): Promise<Store> {
  // PostgreSQL: a copy of a template loaded by this same code (pg-global-setup.ts), 1 s faster.
  if (process.env.MATURITY_TEST_DB === 'postgres') return pgStore('reference');
  const store = await memoryStore();
  await ensureReferenceData(store.db, new Date('2026-06-01T00:00:00Z'));
  return store;
}

/** An in-memory database with the SYNTHETIC demo data loaded. */
export async function demoStore(): Promise<Store> {
  if (process.env.MATURITY_TEST_DB === 'postgres') return pgStore('demo');
  const store = await memoryStore();
  await loadDemo(store, new Date('2026-06-01T00:00:00Z'));
  return store;
}

/**
 * Who is signed in is not survey data: `t.as(role)` adds users, sessions and
 * tokens, which must not break before/after comparisons of the data.
 */
const SIGN_IN_TABLES = new Set(['users', 'sessions', 'api_tokens', 'login_attempts', 'audit_log']);

/** Row counts of every data table: before/after comparisons prove an import was atomic. */
export async function countAllTables(store: Store): Promise<Record<string, number>> {
  const tables = await store.db.introspection.getTables();
  const counts: Record<string, number> = {};
  for (const t of tables) {
    if (SIGN_IN_TABLES.has(t.name)) continue;
    const row = await store.db
      .selectFrom(t.name as 'cities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[t.name] = Number(row.n);
  }
  return counts;
}
