import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '../schema.js';
import { PgSession } from './pg-session.js';

/**
 * Runs `fn` on one connection of `pool`, given both as a Kysely instance and
 * as a session for what Kysely cannot send (COPY): a transaction begun
 * through `db` holds the very connection the session runs on, and both issue
 * their statements through the session, one at a time in order. The
 * connection goes back to the pool afterwards, or is discarded when Kysely
 * found it broken (a failed rollback).
 */
export async function withPgConnection<T>(
  pool: pg.Pool,
  fn: (db: Kysely<Database>, session: PgSession) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const session = new PgSession(client);
  let discard: boolean | Error | undefined;
  const one = {
    connect: async () => ({
      query: session.query.bind(session),
      release: (error?: boolean | Error) => void (discard ||= error),
    }),
    end: async () => undefined,
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: one as never }) });
  try {
    return await fn(db, session);
  } finally {
    client.release(discard);
  }
}
