import SQLite from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DialectName } from './dialect-name.js';
import { migrationProvider } from './migrations/index.js';
import { rebuildMissingAggregates } from './repositories/score-aggregates.js';
import { rememberSqliteFile } from './sqlite-file.js';
import { withStatementCache } from './statement-cache.js';
import type { Database } from './schema.js';

/** An open database: Kysely for schema and queries, the raw driver for the bulk path. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** The better-sqlite3 handle (SQLite only), for prepared bulk statements. */
  readonly sqlite?: SQLite.Database;
  /** The pg pool (PostgreSQL only), for the COPY bulk path: `withPgConnection`. */
  readonly pgPool?: pg.Pool;
  close(): Promise<void>;
}

/**
 * Opens (creating the file and folder if needed) an SQLite database and
 * brings it to the latest migration. `:memory:` gives a private in-memory one.
 */
export async function openSqlite(path: string): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL for concurrent readers; synchronous must be set on every open (it falls back after reopening).
  if (path !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const store: Store = { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  rememberSqliteFile(db, path);
  await migrateToLatest(store);
  return store;
}

export async function migrateToLatest(store: Store): Promise<void> {
  // Migration numbers are handed out per branch and merged in any order: a database that already
  // ran a later number (0016) must still take an earlier one merged after it (0014). Each one only adds.
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider(store.dialect),
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  // Derived rows the migrations leave to the current code: aggregates of imports stored before their tables.
  await rebuildMissingAggregates(store.db);
}
