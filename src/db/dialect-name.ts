import { PostgresAdapter, type Kysely } from 'kysely';

/** The SQL databases the app runs on: embedded SQLite by default, PostgreSQL by DATABASE_URL. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * The dialect behind a Kysely instance (or transaction), for the few places
 * that must branch: code that only has `db` need not be handed the Store.
 */
export function dialectOf<T>(db: Kysely<T>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
