import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { encodeAnswers } from '../codecs/answer-codec.js';
import type { Database } from '../schema.js';

/**
 * The bulk path for an import's respondents, inside the caller's
 * transaction. On SQLite: better-sqlite3 prepared statements, 50 rows per
 * INSERT (Kysely's query builder is several times slower on this path).
 * On PostgreSQL: `COPY` (pg-copy-writer.ts); Kysely multi-row INSERTs of 500
 * rows here only when a COPY met a stored id and the pass runs again to name
 * every refused row.
 *
 * A respondent id already stored for the wave is found by the database's
 * unique key (wave, respondent id), not by a set of every id in memory
 * (memory would grow with the file): rows go in with ON CONFLICT DO NOTHING and,
 * when a statement stored fewer rows than it was given (rare), the holders
 * of its ids are looked up to name each refused row.
 */

/** One respondent row ready to store (`row` is the file's row number). */
export interface StoredRespondent {
  readonly row: number;
  readonly cityId: number;
  readonly key: string;
  readonly segments: string | null;
  readonly texts: string | null;
  readonly weight: number | null;
  /** The answers in the instrument's question order (null: no answer); each writer encodes them (answer-codec.ts). */
  readonly answers: readonly (number | null)[];
}

/** Who holds a refused respondent's id: an earlier import, or this one (a repeat in the file, first at `row`). */
export interface Holder {
  readonly importId: number;
  readonly row: number | null;
}

export interface RespondentWriter {
  /** Buffers a row; stores a full batch (a promise only when it went to the database asynchronously). */
  add(r: StoredRespondent): void | Promise<void>;
  /** Stores what is buffered; call before commit. */
  flush(): void | Promise<void>;
}

export type OnRefused = (r: StoredRespondent, holder: Holder) => void;

interface Target {
  readonly importId: number;
  readonly waveId: number;
}

const COLUMNS = [
  'import_id',
  'wave_id',
  'city_id',
  'respondent_key',
  'source_row',
  'segments',
  'texts',
  'weight',
  'answers',
] as const;

/** Names every row of `batch` that was not stored: each id's holder is looked up in `holders`. */
function reportRefused(
  batch: readonly StoredRespondent[],
  holders: ReadonlyMap<string, Holder>,
  target: Target,
  onRefused: OnRefused,
): void {
  for (const r of batch) {
    const holder = holders.get(r.key);
    if (!holder) continue;
    if (holder.importId !== target.importId || holder.row !== r.row) onRefused(r, holder);
  }
}

const toHolders = (rows: readonly { respondent_key: string; import_id: number; source_row: number | null }[]) =>
  new Map(
    rows.map((h) => [
      h.respondent_key,
      { importId: Number(h.import_id), row: h.source_row === null ? null : Number(h.source_row) },
    ]),
  );

/** SQLite: prepared statements on the raw connection (which the caller's transaction holds). */
export function sqliteRespondentWriter(
  sqlite: SQLite.Database,
  target: Target,
  onRefused: OnRefused,
): RespondentWriter {
  const BATCH = 50;
  const insertSql = (rows: number) =>
    `INSERT INTO respondents (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(',')})`).join(',')} ON CONFLICT DO NOTHING`;
  const many = sqlite.prepare(insertSql(BATCH));
  const params: unknown[] = new Array(BATCH * COLUMNS.length);
  const pending: StoredRespondent[] = [];

  const fill = (out: unknown[], at: number, r: StoredRespondent) => {
    out[at] = target.importId;
    out[at + 1] = target.waveId;
    out[at + 2] = r.cityId;
    out[at + 3] = r.key;
    out[at + 4] = r.row;
    out[at + 5] = r.segments;
    out[at + 6] = r.texts;
    out[at + 7] = r.weight;
    out[at + 8] = encodeAnswers(r.answers);
  };
  const store = (batch: readonly StoredRespondent[]) => {
    let stored: number;
    if (batch.length === BATCH) {
      batch.forEach((r, i) => fill(params, i * COLUMNS.length, r));
      stored = many.run(params).changes;
    } else {
      const few: unknown[] = new Array(batch.length * COLUMNS.length);
      batch.forEach((r, i) => fill(few, i * COLUMNS.length, r));
      stored = sqlite.prepare(insertSql(batch.length)).run(few).changes;
    }
    if (stored === batch.length) return;
    const keys = [...new Set(batch.map((r) => r.key))];
    const found = sqlite
      .prepare(
        `SELECT respondent_key, import_id, source_row FROM respondents WHERE wave_id = ? AND respondent_key IN (${keys.map(() => '?').join(',')})`,
      )
      .all(target.waveId, ...keys) as { respondent_key: string; import_id: number; source_row: number | null }[];
    reportRefused(batch, toHolders(found), target, onRefused);
  };
  return {
    add(r) {
      pending.push(r);
      if (pending.length === BATCH) {
        store(pending);
        pending.length = 0;
      }
    },
    flush() {
      if (pending.length > 0) store(pending);
      pending.length = 0;
    },
  };
}

/** Any Kysely database (PostgreSQL): multi-row INSERTs inside the caller's transaction `trx`. */
export function kyselyRespondentWriter(trx: Kysely<Database>, target: Target, onRefused: OnRefused): RespondentWriter {
  const BATCH = 500;
  let pending: StoredRespondent[] = [];
  const store = async (batch: readonly StoredRespondent[]) => {
    const result = await trx
      .insertInto('respondents')
      .values(
        batch.map((r) => ({
          import_id: target.importId,
          wave_id: target.waveId,
          city_id: r.cityId,
          respondent_key: r.key,
          source_row: r.row,
          segments: r.segments,
          texts: r.texts,
          weight: r.weight,
          answers: encodeAnswers(r.answers),
        })),
      )
      .onConflict((oc) => oc.columns(['wave_id', 'respondent_key']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === batch.length) return;
    const found = await trx
      .selectFrom('respondents')
      .select(['respondent_key', 'import_id', 'source_row'])
      .where('wave_id', '=', target.waveId)
      .where('respondent_key', 'in', [...new Set(batch.map((r) => r.key))])
      .execute();
    reportRefused(batch, toHolders(found), target, onRefused);
  };
  return {
    add(r) {
      pending.push(r);
      if (pending.length < BATCH) return;
      const batch = pending;
      pending = [];
      return store(batch);
    },
    async flush() {
      const batch = pending;
      pending = [];
      if (batch.length > 0) await store(batch);
    },
  };
}
