import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest, type Store } from './create-db.js';
import type { Database } from './schema.js';

/** PostgreSQL type oids whose text form pg hands back as a string by default. */
const INT8 = 20; // count(*), sum(integer), bigint ids
const NUMERIC = 1700; // avg(integer), numeric columns

/**
 * Per-pool type parsers (never pg's global ones): bigint and numeric come
 * back as JavaScript numbers, as they do from SQLite. The app's counts and
 * ids stay far below 2^53. double precision already round-trips exactly
 * (PostgreSQL 12+ prints the shortest exact form), as SQLite's REAL does.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

export interface PostgresOptions {
  /** Connections per process (default 10, or $PGPOOL_MAX). */
  readonly poolMax?: number;
  /** Skip migrations (the caller knows the schema is current). */
  readonly migrate?: boolean;
}

/**
 * Opens a PostgreSQL database by URL (postgres://user:pass@host:port/db) and
 * brings it to the latest migration. Several processes may do this at once:
 * Kysely's Migrator takes an advisory lock, so each migration runs once.
 */
export async function createPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolMax ?? (Number(process.env.PGPOOL_MAX) || 10),
    types,
  });
  // An idle connection dropped by the server must not crash the process.
  let closing = false;
  pool.on('error', (error) => {
    if (!closing) console.error(`PostgreSQL connection error: ${error.message}`);
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new Error(
      `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}. Check DATABASE_URL and that the server is running.`,
      {
        cause: error,
      },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const store: Store = {
    db,
    dialect: 'postgres',
    pgPool: pool,
    close: () => {
      closing = true;
      return db.destroy();
    },
  };
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return store;
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given DATABASE_URL';
  }
}
