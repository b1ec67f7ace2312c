import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqlite, type Store } from '../../src/db/create-db.js';
import { bytesSource, type ByteSource } from '../../src/import/read/byte-source.js';
import { importSurvey, type ImportSummary } from '../../src/import/import-survey.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';
import { countAllTables } from '../support/test-store.js';
import { surveyCsv as defaultSurveyCsv } from '../support/survey-csv.js';
import { pgAvailable, pgStore } from '../support/pg.js';

/**
 * The PostgreSQL import's COPY path (src/db/pg-copy-writer.ts) on the test
 * cluster: files large enough for several COPY chunks (about 1 MiB each), so
 * failures land after whole chunks were already copied into the transaction.
 */
const now = new Date('2026-06-01T00:00:00Z');
const questions = ['SOV', 'IMP', 'COM', 'INT', 'INF'].flatMap((d) => [1, 2, 3, 4, 5, 6].map((i) => `${d}0${i}`));
// Each respondent is about 90 bytes of COPY text: 30,000 make three chunks.
const ROWS = 30_000;

function surveyCsv(prefix: string, n: number, city = 'Gent', country = 'BE', from = 1): Buffer {
  const lines = [['respondent_id', 'city', 'country', 'survey_year', ...questions].join(',')];
  for (let i = from; i < from + n; i++)
    lines.push([`${prefix}-${i}`, city, country, 2026, ...questions.map((_, q) => ((i + q) % 5) + 1)].join(','));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

const importAs = (store: Store, source: ByteSource, fileName: string): Promise<ImportSummary> =>
  importSurvey(store, { source, fileName, createdBy: 'test', now });

async function sqliteStore(): Promise<Store> {
  const store = await openSqlite(':memory:');
  await ensureReferenceData(store.db, now);
  return store;
}

/** Every stored respondent, in id order, without the ids themselves (sequences differ between databases). */
const storedRespondents = (store: Store) =>
  store.db
    .selectFrom('respondents')
    .select(['respondent_key', 'source_row', 'segments', 'texts', 'weight', 'answers'])
    .orderBy('id')
    .execute()
    .then((rows) =>
      rows.map((r) => ({
        ...r,
        source_row: Number(r.source_row),
        weight: r.weight === null ? null : Number(r.weight),
      })),
    );

describe.skipIf(!pgAvailable)('PostgreSQL import by COPY', () => {
  let pg: Store;
  beforeEach(async () => {
    pg = await pgStore('reference');
  });
  afterEach(async () => {
    await pg.close();
  });

  it('stores a file of several COPY chunks, every row in file order', async () => {
    const summary = await importAs(pg, bytesSource(surveyCsv('c', ROWS)), 'c.csv');
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(ROWS);
    const rows = await pg.db.selectFrom('respondents').select(['respondent_key', 'source_row']).orderBy('id').execute();
    expect(rows).toHaveLength(ROWS);
    // Row 2 of the file is the first respondent (row 1 is the header).
    expect(rows[0]).toEqual({ respondent_key: 'c-1', source_row: 2 });
    expect(rows[ROWS - 1]).toEqual({ respondent_key: `c-${ROWS}`, source_row: ROWS + 1 });
    const imported = await pg.db
      .selectFrom('imports')
      .select(['first_respondent_id', 'last_respondent_id', 'respondents'])
      .executeTakeFirstOrThrow();
    expect(Number(imported.last_respondent_id) - Number(imported.first_respondent_id) + 1).toBe(ROWS);
  });

  it('leaves every table as it was when the database refuses a row in the third chunk', async () => {
    await importAs(pg, bytesSource(surveyCsv('old', 10)), 'old.csv');
    await sql`create function fail_at() returns trigger language plpgsql as $$
      begin if new.respondent_key = 'f-25000' then raise exception 'refused row (simulated)'; end if; return new; end $$`.execute(
      pg.db,
    );
    await sql`create trigger fail_at before insert on respondents for each row execute function fail_at()`.execute(
      pg.db,
    );
    const before = await countAllTables(pg);
    await expect(importAs(pg, bytesSource(surveyCsv('f', ROWS, 'Failtown-Test', 'NL')), 'f.csv')).rejects.toThrow(
      /refused row/,
    );
    expect(await countAllTables(pg)).toEqual(before);
    expect(await pg.db.selectFrom('cities').select('id').where('name', '=', 'Failtown-Test').execute()).toEqual([]);
    // The connection went back to the pool usable: a later import stores.
    await sql`drop trigger fail_at on respondents`.execute(pg.db);
    expect((await importAs(pg, bytesSource(surveyCsv('f', 100)), 'f2.csv')).respondents).toBe(100);
  });

  it('leaves every table as it was when reading the file fails after two chunks were copied', async () => {
    const bytes = surveyCsv('s', ROWS, 'Streamtown-Test', 'NL');
    const failing: ByteSource = {
      size: bytes.byteLength,
      async *open() {
        const half = Math.floor(bytes.byteLength * 0.8);
        for (let i = 0; i < half; i += 65_536) yield bytes.subarray(i, Math.min(i + 65_536, half));
        throw new Error('read error (simulated)');
      },
    };
    const before = await countAllTables(pg);
    await expect(importAs(pg, failing, 's.csv')).rejects.toThrow(/read error/);
    expect(await countAllTables(pg)).toEqual(before);
    expect(await pg.db.selectFrom('cities').select('id').where('name', '=', 'Streamtown-Test').execute()).toEqual([]);
  });

  it('names every refused id exactly as SQLite does when they collide in the middle of a COPY', async () => {
    const lite = await sqliteStore();
    try {
      const results = [];
      for (const store of [lite, pg]) {
        // Stored earlier: d-20000…d-20004 of this wave.
        const first = await importAs(store, bytesSource(surveyCsv('d', 5, 'Gent', 'BE', 20_000)), 'first.csv');
        expect(first.errors).toEqual([]);
        // The new file holds them again at rows 20,001…20,005, and repeats its own d-7 at the end.
        const csv = Buffer.concat([
          surveyCsv('d', ROWS),
          Buffer.from(`d-7,Gent,BE,2026,${questions.map(() => 3).join(',')}\n`),
        ]);
        const before = await countAllTables(store);
        const summary = await importAs(store, bytesSource(csv), 'second.csv');
        expect(await countAllTables(store)).toEqual(before);
        results.push(summary.errors);
      }
      const [onSqlite, onPg] = results;
      expect(onSqlite!.map((e) => e.code)).toEqual([...Array(5).fill('respondent-exists'), 'duplicate-respondent']);
      expect(onPg).toEqual(onSqlite);
    } finally {
      await lite.close();
    }
  });

  it('stores answers in the comma form (decimals, values past 9) as SQLite does, rows of both forms in one COPY', async () => {
    const indicators = {
      id: 'indicators-test',
      version: '1',
      name: { en: 'Indicators' },
      scale: { type: 'goalposts', min: 0, max: 100 },
      minRespondents: 1,
      columns: { id: 'id', city: 'city', country: 'country', wave: 'year' },
      dimensions: [
        {
          key: 'open',
          label: { en: 'Open' },
          questions: [
            { code: 'a', text: { en: 'A' } },
            { code: 'b', text: { en: 'B' } },
          ],
        },
      ],
    };
    const csv = Buffer.from(
      'id,city,country,year,a,b\nx1,Gent,BE,2026,71.4,3\nx2,Gent,BE,2026,4,5\nx3,Gent,BE,2026,,12\n',
    );
    const lite = await sqliteStore();
    try {
      for (const store of [lite, pg]) {
        await addInstrument(store.db, JSON.stringify(indicators), now.toISOString());
        const summary = await importSurvey(store, {
          source: bytesSource(csv),
          fileName: 'indicators.csv',
          instrumentId: 'indicators-test',
          createdBy: 'test',
          now,
        });
        expect(summary.errors).toEqual([]);
      }
      expect((await storedRespondents(pg)).map((r) => r.answers)).toEqual(['71.4,3', '45', ',12']);
      expect(await storedRespondents(pg)).toEqual(await storedRespondents(lite));
    } finally {
      await lite.close();
    }
  });

  it('stores backslashes, quotes, tabs, multi-byte characters and decimals byte for byte as SQLite does', async () => {
    const awkward = ['back\\slash', 'quo"te', 'tab\there', 'comma,id', 'end\\', 'Gödöllő-7', 'emoji-😀'];
    const respondents = awkward.map((id, i) => ({
      id: `"${id.replace(/"/g, '""')}"`,
      city: 'Gent',
      country: 'BE',
      role: ['policy', 'it\\ops', 'zoë'][i % 3]!,
      layer: i === 5 ? '' : 'team',
      weight: [0.1, 0.3, 123456.789, 2 / 3, 1, 0.000125, 42][i]!,
      answer: (q: number) => (q % 7 === 0 ? null : ((q + i) % 5) + 1),
    }));
    const csv = defaultSurveyCsv(respondents);
    const lite = await sqliteStore();
    try {
      const onSqlite = await importAs(lite, bytesSource(csv), 'awkward.csv');
      const onPg = await importAs(pg, bytesSource(csv), 'awkward.csv');
      expect(onPg.errors).toEqual(onSqlite.errors);
      expect(onPg.respondents).toBe(onSqlite.respondents);
      expect(await storedRespondents(pg)).toEqual(await storedRespondents(lite));
      expect((await storedRespondents(pg)).map((r) => r.respondent_key)).toEqual([
        'back\\slash',
        'quo"te',
        'tab here',
        'comma,id',
        'end\\',
        'Gödöllő-7',
        'emoji-😀',
      ]);
      // (the importer turns a tab inside a cell into a space, on both databases)
    } finally {
      await lite.close();
    }
  });
});
