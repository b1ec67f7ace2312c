import { recordAudit, type AuditActor } from './audit-log.js';
import type { Insertable, Kysely } from 'kysely';
import { DomainError } from '../../domain/domain-error.js';
import { decompressOriginal } from '../codecs/original-codec.js';
import { takeLock } from '../write-lock.js';
import type { Database, ImportRow, ImportTable } from '../schema.js';
import { importRespondentRange } from './respondent-range.js';
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
  return db
    .selectFrom('imports')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('status', '=', 'committed')
    .executeTakeFirst();
}

function listQuery(db: Kysely<Database>) {
  return db
    .selectFrom('imports')
    .innerJoin('waves', 'waves.id', 'imports.wave_id')
    .select([
      'imports.id',
      'imports.file_name',
      'imports.sha256',
      'imports.size_bytes',
      'imports.status',
      'imports.synthetic',
      'imports.created_by',
      'imports.created_at',
      'imports.undone_at',
      'imports.respondents',
      'imports.answers',
      'imports.warnings',
      'imports.invalid_cells',
      'waves.year',
      'waves.instrument_id',
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
  const rows = await listQuery(db)
    .where('imports.wave_id', '=', waveId)
    .where('imports.status', '=', 'committed')
    .orderBy('imports.id')
    .execute();
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
  const row = await db
    .selectFrom('imports')
    .select(['content', 'content_encoding'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const parts = await db
    .selectFrom('import_content_parts')
    .select('bytes')
    .where('import_id', '=', id)
    .orderBy('part')
    .execute();
  return decompressOriginal(
    row.content_encoding,
    Buffer.concat([Buffer.from(row.content), ...parts.map((p) => Buffer.from(p.bytes))]),
  );
}

/**
 * Undoes a committed import: removes every respondent it stored and marks it
 * undone (the record and its original bytes stay, for the history). One
 * transaction, which also writes the audit event when `audit` names who undoes.
 */
export async function undoImport(
  db: Kysely<Database>,
  id: number,
  now: string,
  audit?: AuditActor,
): Promise<ImportRecord> {
  const found = await findImport(db, id);
  if (!found) throw new DomainError('import-not-found', `No import #${id}.`);
  if (found.status !== 'committed')
    throw new DomainError('import-undone', `Import #${id} was already undone on ${found.undoneAt}.`);
  await db.transaction().execute(async (trx) => {
    await takeLock(trx, 'import'); // another process may be undoing it too: check again, holding the lock
    const current = await trx
      .selectFrom('imports')
      .select(['status', 'batch_id'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (current.status !== 'committed') throw new DomainError('import-undone', `Import #${id} was already undone.`);
    // A file of several waves is one import row per wave: undo takes them all.
    const root = current.batch_id ?? id;
    const batch = await trx
      .selectFrom('imports')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', root), eb('batch_id', '=', root)]))
      .where('status', '=', 'committed')
      .execute();
    for (const { id: member } of batch) {
      await deleteImportRespondents(trx, member);
      await deleteImportAggregates(trx, member);
      await trx.updateTable('imports').set({ status: 'undone', undone_at: now }).where('id', '=', member).execute();
    }
    if (audit)
      await recordAudit(trx, {
        ...audit,
        action: 'import-undo',
        target: `import #${id}`,
        detail: { file: found.fileName },
        at: new Date(now),
      });
  });
  return (await findImport(db, id))!;
}

async function deleteImportRespondents(db: Kysely<Database>, importId: number): Promise<void> {
  const range = await importRespondentRange(db, importId);
  let query = db.deleteFrom('respondents').where('import_id', '=', importId);
  if (range) query = query.where('id', '>=', range.first).where('id', '<=', range.last);
  await query.execute();
}

/** True when anything was ever imported (committed or undone). */
export async function hasAnyImport(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('imports').select('id').executeTakeFirst()) !== undefined;
}

/**
 * What a wave's scores are computed from, as the imports state it: the highest
 * import id (every import adds one) and the count of committed ones (every undo
 * lowers it), changed in the same transaction as the aggregates.
 */
export async function waveImportVersion(
  db: Kysely<Database>,
  waveId: number,
): Promise<{ maxId: unknown; committed: unknown }> {
  const version = await db
    .selectFrom('imports')
    .select((eb) => [
      eb.fn.max('id').as('maxId'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'committed').then(1).else(0).end()).as('committed'),
    ])
    .where('wave_id', '=', waveId)
    .executeTakeFirst();
  return { maxId: version?.maxId, committed: version?.committed };
}

/** The number of committed imports of a wave. */
export async function countCommittedImports(db: Kysely<Database>, waveId: number): Promise<number> {
  const row = await db
    .selectFrom('imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('wave_id', '=', waveId)
    .where('status', '=', 'committed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** True when a committed import of the wave holds SYNTHETIC (demo) data. */
export async function waveHasSyntheticImport(db: Kysely<Database>, waveId: number): Promise<boolean> {
  const row = await db
    .selectFrom('imports')
    .select('id')
    .where('wave_id', '=', waveId)
    .where('status', '=', 'committed')
    .where('synthetic', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The warnings stored with an import (its issue list, as JSON). */
export async function readImportWarnings(db: Kysely<Database>, id: number): Promise<unknown> {
  const row = await db.selectFrom('imports').select('issues').where('id', '=', id).executeTakeFirstOrThrow();
  return JSON.parse(row.issues);
}
