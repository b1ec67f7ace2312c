import type SQLite from 'better-sqlite3';

/**
 * The SQLite-only bulk path for respondents (issue 8). Kysely's query builder
 * measured 5.4× slower for a million rows, so this uses better-sqlite3
 * prepared statements, 50 rows per INSERT, inside the caller's transaction.
 * A PostgreSQL variant (multi-row INSERT or COPY) can sit beside it with the
 * same `RespondentBulkWriter` shape.
 */

/** One respondent row ready to store (`row` is the file's row number, for messages). */
export interface BulkRespondent {
  readonly row: number;
  readonly cityId: number;
  readonly key: string;
  readonly segments: string | null;
  readonly texts: string | null;
  readonly weight: number | null;
  readonly answers: string;
}

export interface RespondentBulkWriter {
  add(r: BulkRespondent): void;
  /** Stores what is buffered; call before commit. */
  flush(): void;
}

const BATCH = 50;
const COLUMNS = 8;
const SQL = (rows: number) =>
  `INSERT INTO respondents (import_id, wave_id, city_id, respondent_key, segments, texts, weight, answers) VALUES ${Array.from({ length: rows }, () => '(?,?,?,?,?,?,?,?)').join(',')}`;

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';

/**
 * A writer of respondents for one import. A respondent id already stored for
 * the wave (by this import: a duplicate in the file; or an earlier one) is
 * found by the database's unique index, not by a set of every id in memory:
 * that batch is retried row by row and each refused row is passed to
 * `onDuplicate` with the import that holds the id.
 */
export function sqliteRespondentBulkWriter(
  sqlite: SQLite.Database,
  importId: number,
  waveId: number,
  onDuplicate: (r: BulkRespondent, heldByImport: number) => void,
): RespondentBulkWriter {
  const many = sqlite.prepare(SQL(BATCH));
  const one = sqlite.prepare(SQL(1));
  const holder = sqlite.prepare('SELECT import_id FROM respondents WHERE wave_id = ? AND respondent_key = ?').pluck();
  const params: unknown[] = new Array(BATCH * COLUMNS);
  const pending: BulkRespondent[] = [];

  const fill = (target: unknown[], offset: number, r: BulkRespondent) => {
    target[offset] = importId;
    target[offset + 1] = waveId;
    target[offset + 2] = r.cityId;
    target[offset + 3] = r.key;
    target[offset + 4] = r.segments;
    target[offset + 5] = r.texts;
    target[offset + 6] = r.weight;
    target[offset + 7] = r.answers;
  };
  const single = (r: BulkRespondent) => {
    const p: unknown[] = new Array(COLUMNS);
    fill(p, 0, r);
    try {
      one.run(p);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      onDuplicate(r, holder.get(waveId, r.key) as number);
    }
  };
  const writeBatch = () => {
    pending.forEach((r, i) => fill(params, i * COLUMNS, r));
    try {
      many.run(params);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // The failed statement changed nothing: store its rows one by one to find the refused ones.
      pending.forEach(single);
    }
    pending.length = 0;
  };
  return {
    add(r) {
      pending.push(r);
      if (pending.length === BATCH) writeBatch();
    },
    flush() {
      pending.forEach(single);
      pending.length = 0;
    },
  };
}

/** BEGIN/COMMIT/ROLLBACK on the raw connection: the streamed import spans awaits, which `db.transaction(fn)` cannot. */
export function sqliteTransaction(sqlite: SQLite.Database) {
  sqlite.exec('BEGIN IMMEDIATE');
  let open = true;
  return {
    commit() {
      if (open) sqlite.exec('COMMIT');
      open = false;
    },
    rollback() {
      if (open && sqlite.inTransaction) sqlite.exec('ROLLBACK');
      open = false;
    },
  };
}
