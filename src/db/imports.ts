import { recordAudit, type AuditActor } from './audit-log.js';
import type { Insertable, Kysely } from 'kysely';
import { DomainError } from '../domain/domain-error.js';
import { decompressOriginal } from './original-codec.js';
import { takeLock } from './write-lock.js';
import type { Database, ImportRow, ImportTable } from './schema.js';
import { deleteImportAggregates } from './score-aggregates.js';

/** An import as pages, API and reports show it (no content bytes). */
export interface ImportRecord {
  readonly id: number;
  readonly fileName: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly status: string;
  readonly synthetic: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly undoneAt: string | null;
  readonly wave: number;
  readonly instrument: string;
  readonly respondents: number;
  readonly answers: number;
  readonly warnings: number;
  readonly invalidCells: number;
}

export async function insertImport(db: Kysely<Database>, row: Insertable<ImportTable>): Promise<number> {
  const inserted = await db.insertInto('imports').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findCommittedImportBySha(db: Kysely<Database>, sha256: string): Promise<ImportRow | undefined> {
  return db.selectFrom('imports').selectAll().where('sha256', '=', sha256).where('status', '=', 'committed').executeTakeFirst();
}

function listQuery(db: Kysely<Database>) {
  return db
    .selectFrom('imports')
    .innerJoin('waves', 'waves.id', 'imports.wave_id')
    .select([
      'imports.id', 'imports.file_name', 'imports.sha256', 'imports.size_bytes', 'imports.status', 'imports.synthetic',
      'imports.created_by', 'imports.created_at', 'imports.undone_at', 'imports.respondents', 'imports.answers',
      'imports.warnings', 'imports.invalid_cells', 'waves.year', 'waves.instrument_id',
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

const toRecord = (r: ListRow): ImportRecord => ({
  id: r.id,
  fileName: r.file_name,
  sha256: r.sha256,
  sizeBytes: Number(r.size_bytes),
  status: r.status,
  synthetic: Number(r.synthetic) === 1,
  createdBy: r.created_by,
  createdAt: r.created_at,
  undoneAt: r.undone_at,
  wave: r.year,
  instrument: r.instrument_id,
  respondents: Number(r.respondents),
  answers: Number(r.answers),
  warnings: Number(r.warnings),
  invalidCells: Number(r.invalid_cells),
});

export async function listImports(db: Kysely<Database>): Promise<ImportRecord[]> {
  const rows = await listQuery(db).orderBy('imports.id', 'desc').execute();
  return rows.map(toRecord);
}

/** Committed imports of a wave: the provenance of its figures. */
export async function listWaveImports(db: Kysely<Database>, waveId: number): Promise<ImportRecord[]> {
  const rows = await listQuery(db).where('imports.wave_id', '=', waveId).where('imports.status', '=', 'committed').orderBy('imports.id').execute();
  return rows.map(toRecord);
}

export async function findImport(db: Kysely<Database>, id: number): Promise<ImportRecord | undefined> {
  const row = await listQuery(db).where('imports.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * The original file of an import, byte for byte: `content`, followed by the
 * parts of a streamed import (one compressed stream cut into pieces), decompressed.
 */
export async function readImportOriginal(db: Kysely<Database>, id: number): Promise<Buffer> {
  const row = await db.selectFrom('imports').select(['content', 'content_encoding']).where('id', '=', id).executeTakeFirstOrThrow();
  const parts = await db.selectFrom('import_content_parts').select('bytes').where('import_id', '=', id).orderBy('part').execute();
  return decompressOriginal(row.content_encoding, Buffer.concat([Buffer.from(row.content), ...parts.map((p) => Buffer.from(p.bytes))]));
}

/**
 * Undoes a committed import: removes every respondent it stored and marks it
 * undone (the record and its original bytes stay, for the history). One
 * transaction, which also writes the audit event when `audit` names who undoes.
 */
export async function undoImport(db: Kysely<Database>, id: number, now: string, audit?: AuditActor): Promise<ImportRecord> {
  const found = await findImport(db, id);
  if (!found) throw new DomainError('import-not-found', `No import #${id}.`);
  if (found.status !== 'committed') throw new DomainError('import-undone', `Import #${id} was already undone on ${found.undoneAt}.`);
  await db.transaction().execute(async (trx) => {
    await takeLock(trx, 'import'); // another process may be undoing it too: check again, holding the lock
    const current = await trx.selectFrom('imports').select(['status', 'batch_id']).where('id', '=', id).executeTakeFirstOrThrow();
    if (current.status !== 'committed') throw new DomainError('import-undone', `Import #${id} was already undone.`);
    // A file of several waves is one import row per wave: undo takes them all.
    const root = current.batch_id ?? id;
    const batch = await trx.selectFrom('imports').select('id').where((eb) => eb.or([eb('id', '=', root), eb('batch_id', '=', root)])).where('status', '=', 'committed').execute();
    for (const { id: member } of batch) {
      await deleteImportRespondents(trx, member);
      await deleteImportAggregates(trx, member);
      await trx.updateTable('imports').set({ status: 'undone', undone_at: now }).where('id', '=', member).execute();
    }
    if (audit) await recordAudit(trx, { ...audit, action: 'import-undo', target: `import #${id}`, detail: { file: found.fileName }, at: new Date(now) });
  });
  return (await findImport(db, id))!;
}

/**
 * The respondents of one import, found by its id range (primary key; no index over import_id is
 * kept: see migration 0007). `import_id` is checked as well, so a wrong range can never touch
 * another import's rows.
 */
export async function importRespondentRange(db: Kysely<Database>, importId: number): Promise<{ first: number; last: number } | null> {
  const row = await db.selectFrom('imports').select(['first_respondent_id', 'last_respondent_id']).where('id', '=', importId).executeTakeFirst();
  if (row?.first_respondent_id == null || row.last_respondent_id == null) return null;
  return { first: Number(row.first_respondent_id), last: Number(row.last_respondent_id) };
}

async function deleteImportRespondents(db: Kysely<Database>, importId: number): Promise<void> {
  const range = await importRespondentRange(db, importId);
  let query = db.deleteFrom('respondents').where('import_id', '=', importId);
  if (range) query = query.where('id', '>=', range.first).where('id', '<=', range.last);
  await query.execute();
}
