import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import type { Database } from '../schema.js';

/**
 * Runs `fn` on one connection of `pool`, given both as a Kysely instance and
 * as the raw pg client, for work that mixes the query builder with what
 * Kysely cannot send (COPY): a transaction begun through `db` holds the very
 * connection `client` is. The connection goes back to the pool afterwards,
 * or is discarded when Kysely found it broken (a failed rollback).
 */
export async function withPgConnection<T>(
  pool: pg.Pool,
  fn: (db: Kysely<Database>, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let discard: boolean | Error | undefined;
  const one = {
    connect: async () => ({
      query: client.query.bind(client),
      release: (error?: boolean | Error) => void (discard ||= error),
    }),
    end: async () => undefined,
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: one as never }) });
  try {
    return await fn(db, client);
  } finally {
    client.release(discard);
  }
}
