import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgSession } from '../../src/db/bulk/pg-session.js';
import { blankPgDatabase, pgAvailable } from '../support/pg.js';

/**
 * The import's connection (src/db/bulk/pg-session.ts): statements one at a
 * time in the order issued, COPY data sent with its statement, and what the
 * server does with data that follows a failed COPY.
 */
describe.skipIf(!pgAvailable)('PgSession', () => {
  let database: Awaited<ReturnType<typeof blankPgDatabase>>;
  let client: pg.Client;
  /** How many statements pg's client was running or holding at once, at most. */
  let mostAtOnce = 0;

  beforeAll(async () => {
    database = await blankPgDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    let atOnce = 0;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      mostAtOnce = Math.max(mostAtOnce, ++atOnce);
      const submitted = args[0] as { handleReadyForQuery?: () => void; handleError?: (e: Error) => void };
      if (typeof (submitted as { submit?: unknown }).submit === 'function') {
        // A COPY: settled through its handlers.
        const ready = submitted.handleReadyForQuery!.bind(submitted);
        const failed = submitted.handleError!.bind(submitted);
        submitted.handleReadyForQuery = () => (atOnce--, ready());
        submitted.handleError = (e: Error) => (atOnce--, failed(e));
        return query(...args);
      }
      return (query(...args) as Promise<unknown>).finally(() => atOnce--);
    };
    await client.query('create table t (a int primary key, b text)');
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('runs statements and COPYs issued together one at a time, in order', async () => {
    mostAtOnce = 0;
    const session = new PgSession(client);
    const rows = (from: number, n: number) =>
      Buffer.from(Array.from({ length: n }, (_, i) => `${from + i}\tr${from + i}\n`).join(''));
    const issued = [
      session.query('begin'),
      session.copyIn('COPY t (a, b) FROM STDIN', [rows(1, 1000)]),
      session.query('select count(*)::int as n from t'),
      session.copyIn('COPY t (a, b) FROM STDIN', [rows(1001, 500), rows(1501, 500)]),
      session.query('select count(*)::int as n, max(b) as last from t where a > 1000'),
      session.query('rollback'),
    ];
    const results = (await Promise.all(issued)) as ({ rows: unknown[] } | undefined)[];
    expect(results[2]!.rows).toEqual([{ n: 1000 }]);
    expect(results[4]!.rows).toEqual([{ n: 1000, last: 'r2000' }]);
    expect(mostAtOnce).toBe(1);
    expect((await client.query('select count(*)::int as n from t')).rows).toEqual([{ n: 0 }]);
  });

  it('reports a row the server refuses mid-COPY, and refuses what follows in the transaction', async () => {
    const session = new PgSession(client);
    await session.query('begin');
    const copy = session.copyIn('COPY t (a, b) FROM STDIN', [Buffer.from('1\tx\n2\ty\nnot-a-number\tz\n3\tw\n')]);
    const after = session.query('select 1');
    await expect(copy).rejects.toMatchObject({ code: '22P02' });
    await expect(after).rejects.toMatchObject({ code: '25P02' }); // current transaction is aborted
    await session.query('rollback');
    expect((await client.query('select count(*)::int as n from t')).rows).toEqual([{ n: 0 }]);
  });

  it('drops the data of a COPY refused before it began, and the connection stays usable', async () => {
    const session = new PgSession(client);
    // The data holds what would be protocol messages if the server read it as such.
    const data = Buffer.from('Q\0\0\0\x0dselect 1\0'.repeat(1000));
    await expect(session.copyIn('COPY no_such_table FROM STDIN', [data])).rejects.toMatchObject({ code: '42P01' });
    expect((await session.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });
});
