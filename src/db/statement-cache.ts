import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Prepared statements kept (least recently used dropped first). */
const CACHED_STATEMENTS = 500;

/**
 * The better-sqlite3 database as Kysely's SQLite dialect sees it, with its
 * prepared statements reused: Kysely prepares every query it runs, and a
 * request's handful of queries (session or token, data version, …) spent
 * more time in `prepare` than in running them. SQLite re-prepares a cached
 * statement by itself after a schema change.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // most recently used last
      } else {
        statement = sqlite.prepare(sql);
        if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}
