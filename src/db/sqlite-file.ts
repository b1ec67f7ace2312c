import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

/** The file behind each open SQLite database (not `:memory:`), so work may read it from another thread. */
const files = new WeakMap<Kysely<Database>, string>();

export function rememberSqliteFile(db: Kysely<Database>, path: string): void {
  if (path !== ':memory:') files.set(db, path);
}

/** The SQLite file `db` reads, or undefined (an in-memory database, PostgreSQL). */
export function sqliteFileOf(db: Kysely<Database>): string | undefined {
  return files.get(db);
}

/**
 * A read-only connection to an SQLite file another connection keeps migrated
 * (WAL: it reads committed data while the server writes). For a worker
 * thread's reads; never migrates, never writes.
 */
export function openSqliteReader(path: string): Kysely<Database> {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
