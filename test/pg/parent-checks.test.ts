import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { bytesSource, type ByteSource } from '../../src/import/read/byte-source.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { pgAvailable, pgStore } from '../support/pg.js';

/**
 * Migration 0019 on PostgreSQL: respondents and the aggregate tables keep
 * their references to imports, waves and cities checked by the database,
 * once per statement (a whole COPY chunk) instead of once per row.
 */
const now = new Date('2026-06-01T00:00:00Z');
const questions = ['SOV', 'IMP', 'COM', 'INT', 'INF'].flatMap((d) => [1, 2, 3, 4, 5, 6].map((i) => `${d}0${i}`));

function surveyCsv(prefix: string, n: number): Buffer {
  const lines = [['respondent_id', 'city', 'country', 'survey_year', ...questions].join(',')];
  for (let i = 1; i <= n; i++) lines.push([`${prefix}-${i}`, 'Gent', 'BE', 2026, ...questions.map(() => 3)].join(','));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const errorCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'stored',
    (error: { code?: string }) => error.code,
  );

describe.skipIf(!pgAvailable)('PostgreSQL parent checks of the bulk tables', () => {
  let store: Store;
  let stored: { import_id: number; wave_id: number; city_id: number };
  beforeEach(async () => {
    store = await pgStore('reference');
    await importSurvey(store, { source: bytesSource(surveyCsv('a', 3)), fileName: 'a.csv', createdBy: 'test', now });
    stored = await store.db
      .selectFrom('respondents')
      .select(['import_id', 'wave_id', 'city_id'])
      .executeTakeFirstOrThrow();
  });
  afterEach(async () => {
    await store.close();
  });

  const respondent = (over: Partial<typeof stored>, key: string) => ({
    ...stored,
    ...over,
    respondent_key: key,
    source_row: 2,
    segments: null,
    texts: null,
    weight: null,
    answers: '3'.repeat(30),
  });

  it('refuses a statement whose rows name a city, wave or import that is not stored, as a foreign key does', async () => {
    for (const [column, key] of [
      ['city_id', 'x-1'],
      ['wave_id', 'x-2'],
      ['import_id', 'x-3'],
    ] as const) {
      // A good row and a bad one in one statement: neither is stored.
      const rows = [respondent({}, `${key}-good`), respondent({ [column]: 999_999 }, key)];
      expect(await errorCode(store.db.insertInto('respondents').values(rows).execute())).toBe('23503');
    }
    const aggregate = { import_id: stored.import_id, wave_id: stored.wave_id, city_id: 999_999 };
    expect(
      await errorCode(
        store.db
          .insertInto('import_question_aggregates')
          .values({ ...aggregate, segment_key: '', segment_value: '', moments: Buffer.alloc(0) })
          .execute(),
      ),
    ).toBe('23503');
    expect(
      await errorCode(
        store.db.updateTable('respondents').set({ city_id: 999_999 }).where('respondent_key', '=', 'a-1').execute(),
      ),
    ).toBe('23503');
    expect(await store.db.selectFrom('respondents').select('respondent_key').orderBy('id').execute()).toEqual([
      { respondent_key: 'a-1' },
      { respondent_key: 'a-2' },
      { respondent_key: 'a-3' },
    ]);
  });

  it('refuses to delete a city, wave or import that stored rows still refer to, and to change its id', async () => {
    expect(await errorCode(store.db.deleteFrom('cities').where('id', '=', stored.city_id).execute())).toBe('23503');
    expect(await errorCode(store.db.deleteFrom('waves').where('id', '=', stored.wave_id).execute())).toBe('23503');
    expect(await errorCode(store.db.deleteFrom('imports').where('id', '=', stored.import_id).execute())).toBe('23503');
    expect(
      await errorCode(store.db.updateTable('cities').set({ id: 999_999 }).where('id', '=', stored.city_id).execute()),
    ).toBe('23503');
    // Once its rows are gone, the import may go.
    await store.db.deleteFrom('respondents').execute();
    await store.db.deleteFrom('import_aggregates').execute();
    await store.db.deleteFrom('import_question_aggregates').execute();
    await store.db.deleteFrom('import_content_parts').execute();
    expect(await errorCode(store.db.deleteFrom('imports').where('id', '=', stored.import_id).execute())).toBe('stored');
  });

  it('lets readers of every table through while an import is in the middle of its COPY', async () => {
    const bytes = surveyCsv('b', 30_000);
    let reached!: () => void;
    const halfway = new Promise<void>((resolve) => (reached = resolve));
    let resume!: () => void;
    const gate = new Promise<void>((resolve) => (resume = resolve));
    const paused: ByteSource = {
      size: bytes.byteLength,
      async *open() {
        const half = Math.floor(bytes.byteLength / 2);
        for (let i = 0; i < half; i += 65_536) yield bytes.subarray(i, Math.min(i + 65_536, half));
        reached();
        await gate;
        yield bytes.subarray(half);
      },
    };
    const importing = importSurvey(store, { source: paused, fileName: 'b.csv', createdBy: 'test', now });
    await halfway;
    const reader = new pg.Client({
      connectionString: (store.pgPool!.options as { connectionString: string }).connectionString,
    });
    await reader.connect();
    try {
      // A reader that had to wait for the import's locks would fail here instead of waiting.
      await reader.query(`set lock_timeout = '2s'`);
      const counts: Record<string, number> = {};
      for (const table of ['cities', 'waves', 'imports', 'respondents', 'import_aggregates']) {
        counts[table] = Number((await reader.query(`select count(*) as n from ${table}`)).rows[0].n);
      }
      expect(counts.respondents).toBe(3); // the import's rows are not visible before it commits
    } finally {
      await reader.end();
    }
    resume();
    expect((await importing).respondents).toBe(30_000);
    expect(Number((await sql<{ n: string }>`select count(*) as n from respondents`.execute(store.db)).rows[0]!.n)).toBe(
      30_003,
    );
  });
});
