import { sql, type Kysely, type Transaction } from 'kysely';
import { dialectOf } from './dialect-name.js';
import type { Database } from './schema.js';

/**
 * Locks that serialise writers across app processes sharing one PostgreSQL
 * database (pg_advisory_xact_lock: held until the transaction ends, released
 * on commit, rollback or a dropped connection). Readers are never blocked.
 * On SQLite a write transaction already excludes other writers (and one
 * process's Kysely connection runs one transaction at a time), so nothing is taken.
 */
export const LOCKS = {
  /** Imports, undo, demo load: checks "already stored?" and then writes. */
  import: 72_001,
  /** Reference data (default instrument, city registry) at start-up. */
  reference: 72_002,
  /** Login and password-change attempts: counted, then compared with the limit. */
  login: 72_003,
  /** Rate-limited audit events (refusals, throttling): counted, then written or not. */
  audit: 72_004,
} as const;

export type LockName = keyof typeof LOCKS;

/** Takes `lock` for the rest of the transaction `trx` (no-op on SQLite). */
export async function takeLock(trx: Kysely<Database>, lock: LockName): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(${sql.lit(LOCKS[lock])})`.execute(trx);
}

/** Runs `fn` in one transaction holding `lock`: all of it or none of it, one writer at a time. */
export async function lockedTransaction<T>(
  db: Kysely<Database>,
  lock: LockName,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await takeLock(trx, lock);
    return fn(trx);
  });
}

/** What a `decidedTransaction` keeps: its result, and whether its writes are committed or rolled back. */
export interface Decision<T> {
  readonly commit: boolean;
  readonly result: T;
}

/**
 * Like `lockedTransaction`, but `fn` decides at the end whether its writes
 * stay (commit) or go (rollback) and returns its result either way: an
 * import refused for bad rows is an answer, not an exception.
 */
export async function decidedTransaction<T>(
  db: Kysely<Database>,
  lock: LockName,
  fn: (trx: Kysely<Database>) => Promise<Decision<T>>,
): Promise<T> {
  const trx = await db.startTransaction().execute();
  let decision: Decision<T>;
  try {
    await takeLock(trx, lock);
    decision = await fn(trx);
  } catch (error) {
    await trx.rollback().execute();
    throw error;
  }
  await (decision.commit ? trx.commit() : trx.rollback()).execute();
  return decision.result;
}
