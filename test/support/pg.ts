import pg from 'pg';
import { inject } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { withDatabase, type PgTemplates } from './pg-global-setup.js';

/**
 * PostgreSQL for tests. The "postgres" vitest project starts (or reuses, from
 * MATURITY_TEST_PG_URL) one cluster per run; each store here is a fresh
 * database copied from a migrated template, dropped again on close.
 *
 * Use `describe.skipIf(!pgAvailable)` around tests that need it: they skip
 * cleanly where no cluster is available.
 */
export const pgUrl: string | null = safeInject('pgUrl');
const pgTemplates: PgTemplates | null = safeInject('pgTemplates');
export const pgAvailable = pgUrl !== null && pgTemplates !== null;

function safeInject<K extends 'pgUrl' | 'pgTemplates'>(key: K) {
  try {
    return inject(key) ?? null;
  } catch {
    return null; // outside the postgres project
  }
}

let admin: pg.Pool | null = null;
let counter = 0;

async function adminQuery(text: string): Promise<void> {
  if (!pgUrl)
    throw new Error(
      'No PostgreSQL test cluster (see test/support/pg.ts): run the test inside describe.skipIf(!pgAvailable).',
    );
  admin ??= new pg.Pool({ connectionString: pgUrl, max: 1, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  await admin.query(text);
}

/**
 * A new migrated database, empty or with the reference or demo data of
 * test-store.ts; returns its URL and a function that drops it.
 */
export async function pgDatabase(
  content: keyof PgTemplates = 'empty',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await adminQuery(`create database ${name} template ${pgTemplates?.[content]}`);
  return { url: withDatabase(pgUrl!, name), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** A new, blank database (no tables: to test the migrations themselves). */
export async function blankPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `b_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await adminQuery(`create database ${name}`);
  return { url: withDatabase(pgUrl!, name), drop: () => adminQuery(`drop database if exists ${name} with (force)`) };
}

/** A fresh PostgreSQL store at the latest migration (with `content`); close() also drops its database. */
export async function pgStore(content: keyof PgTemplates = 'empty'): Promise<Store> {
  const database = await pgDatabase(content);
  const store = await createPostgresStore(database.url, { poolMax: 4 });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
