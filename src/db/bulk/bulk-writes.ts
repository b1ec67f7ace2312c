import type SQLite from 'better-sqlite3';

/**
 * Runs `fn` (one big write transaction: a CLI import) with the SQLite
 * connection set for bulk writes, when it has the database to itself:
 *
 * - A rollback journal instead of the WAL. In WAL mode every page of a
 *   million-row import is written twice (into the WAL, then checkpointed into
 *   the database); a rollback journal writes new pages once and journals only
 *   the few existing pages it changes. All or nothing still holds: a failed
 *   or interrupted import rolls back from the journal. `synchronous = FULL`
 *   while it lasts, SQLite's safe setting for that journal.
 * - Foreign-key checks off: the import makes every parent row (wave, import,
 *   cities) itself in the same transaction, so the checks — three index
 *   lookups per respondent — can never fail there.
 *
 * Leaving WAL mode needs every other connection closed (a running server
 * keeps one open): then SQLite says "busy" at once, and the import runs in
 * WAL mode with checks on, as it always did. Everything is restored
 * afterwards, failure or not. What it saves: docs/performance.md.
 */
export async function withBulkWrites<T>(sqlite: SQLite.Database | undefined, fn: () => Promise<T>): Promise<T> {
  if (!sqlite || sqlite.memory || sqlite.inTransaction || sqlite.pragma('journal_mode', { simple: true }) !== 'wal')
    return fn();
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  const synchronous = sqlite.pragma('synchronous', { simple: true }) as number;
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  let bulk = false;
  try {
    sqlite.pragma('busy_timeout = 0');
    bulk = sqlite.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch {
    // SQLITE_BUSY: another connection has the database open; stay in WAL mode.
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
  if (!bulk) return fn();
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = OFF');
  try {
    return await fn();
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys}`);
    sqlite.pragma(`synchronous = ${synchronous}`);
    sqlite.pragma('journal_mode = WAL');
  }
}

/**
 * Runs `fn` with a small SQLite page cache (better-sqlite3 sets 16 MB): an
 * import appends rows, so few pages are touched twice, and its peak memory
 * stays low. The cache is restored afterwards for queries.
 */
export async function withSmallPageCache<T>(sqlite: SQLite.Database | undefined, fn: () => Promise<T>): Promise<T> {
  const cacheSize = sqlite?.pragma('cache_size', { simple: true }) as number | undefined;
  sqlite?.pragma('cache_size = -2048');
  try {
    return await fn();
  } finally {
    if (cacheSize !== undefined) sqlite?.pragma(`cache_size = ${cacheSize}`);
  }
}
