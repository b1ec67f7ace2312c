import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** An import row's facts known only once the whole file has been stored. */
export interface ImportRowTotals {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly respondents: number;
  readonly answers: number;
  readonly invalidCells: number;
  /** The warnings kept with the import, as JSON-ready issues. */
  readonly warnings: readonly unknown[];
  readonly firstRespondentId: number;
  readonly lastRespondentId: number;
}

/** Completes the import row written when its first respondent arrived. */
export async function finishImportRow(db: Kysely<Database>, importId: number, totals: ImportRowTotals): Promise<void> {
  await db
    .updateTable('imports')
    .set({
      sha256: totals.sha256,
      size_bytes: totals.sizeBytes,
      respondents: totals.respondents,
      answers: totals.answers,
      warnings: totals.warnings.length,
      invalid_cells: totals.invalidCells,
      issues: JSON.stringify(totals.warnings),
      first_respondent_id: totals.firstRespondentId,
      last_respondent_id: totals.lastRespondentId,
    })
    .where('id', '=', importId)
    .execute();
}

/** One part (in order from 0) of an import's compressed original file. */
export async function insertImportContentPart(
  db: Kysely<Database>,
  importId: number,
  part: number,
  bytes: Buffer,
): Promise<void> {
  await db.insertInto('import_content_parts').values({ import_id: importId, part, bytes }).execute();
}

/** The highest respondent id stored (the primary key's last entry: no scan). */
export async function highestRespondentId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('respondents')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Moves PostgreSQL's sequence of respondent ids to `lastId` unless it is past it already: rows
 * stored with their own ids (the COPY path) leave it behind, and a later INSERT taking the
 * default id would then collide with them.
 */
export async function advanceRespondentIdSequence(db: Kysely<Database>, lastId: number): Promise<void> {
  await sql`select setval(s.seq, greatest(${lastId}::bigint, coalesce(pg_sequence_last_value(s.seq), 1)))
    from (select pg_get_serial_sequence('respondents', 'id')::regclass as seq) s`.execute(db);
}
