import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../db/audit-log.js';
import type { Store } from '../db/create-db.js';
import { loadCityDirectory } from '../db/cities.js';
import { findCommittedImportBySha } from '../db/imports.js';
import { getInstrument, listInstruments } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { lockedTransaction } from '../db/write-lock.js';
import { withBulkWrites } from '../db/bulk-writes.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { bytesSource, type ByteSource } from './byte-source.js';
import type { TextEncoding } from './decode-stream.js';
import { NotUtf8 } from './decode-stream.js';
import { issueError, place, type ImportIssue } from './import-issue.js';
import { ImportWriter } from './import-writer.js';
import { IssueList } from './issue-list.js';
import { hashSource, scanFile, type Scan } from './scan-file.js';

export interface ImportRequest {
  /** The file in memory (web upload, demo, tests); or give `source` to stream it. */
  readonly bytes?: Uint8Array;
  /** The file as a re-readable stream (the CLI): never held in memory whole. */
  readonly source?: ByteSource;
  readonly fileName: string;
  readonly wave?: number;
  readonly instrumentId?: string;
  /** Validate and report, store nothing. */
  readonly dryRun?: boolean;
  readonly createdBy: string;
  /** Who imports, for the audit log: a committed import is recorded in its own transaction (dry runs and refusals are not imports). */
  readonly audit?: AuditActor;
  /** Marks generated demo data, shown as synthetic wherever it appears. */
  readonly synthetic?: boolean;
  readonly now: Date;
  /** The caller (the CLI) may take an SQLite database for itself while importing: `withBulkWrites`. */
  readonly bulk?: boolean;
  /** Compress the original and sum the aggregates on this worker script (`compiledWorkerUrl()`: the CLI); absent: on this thread. */
  readonly worker?: URL | null;
  /** Called now and then while reading (rows so far, bytes so far, total bytes if known). */
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  readonly rows: number;
  readonly bytesRead: number;
  readonly totalBytes: number | null;
  readonly done: boolean;
}

/** What an import did, or would do (dry run), or why it was refused. */
export interface ImportSummary {
  readonly importId: number | null;
  readonly dryRun: boolean;
  readonly fileName: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly encoding: string | null;
  readonly delimiter: string | null;
  /** The export layout recognised: wide, long, qualtrics (3 header rows), surveymonkey (2 header rows). */
  readonly format: string | null;
  readonly instrument: string | null;
  readonly wave: number | null;
  readonly respondents: number;
  readonly answers: number;
  readonly invalidCells: number;
  readonly cities: { readonly matched: readonly string[]; readonly added: readonly string[] };
  readonly warnings: readonly ImportIssue[];
  readonly errors: readonly ImportIssue[];
}

/** Refusals that mean "already there" rather than "bad file" (HTTP 409). */
export const CONFLICT_CODES: ReadonlySet<string> = new Set(['duplicate-file', 'respondent-exists']);

/**
 * Imports one survey file, all of it or none of it, in one streaming pass
 * inside one transaction that holds the import lock: decode → parse → map
 * columns → validate each row → store it (bulk writer, aggregates, kept
 * original) as it is read. Every problem is collected with row and column;
 * at the end any error (or a dry run) rolls the transaction back, so stored
 * data is exactly as it was. Memory stays flat in the number of rows: no
 * list of rows or ids is kept (the unique key finds repeated ids).
 */
export async function importSurvey(store: Store, request: ImportRequest): Promise<ImportSummary> {
  const source = request.source ?? bytesSource(request.bytes ?? new Uint8Array());
  let instrument: Instrument;
  try {
    instrument = await resolveInstrument(store.db, request.instrumentId);
  } catch (error) {
    if (isDomainError(error)) return refusedWhole(source, request, null, error);
    throw error;
  }
  try {
    return await importPass(store, source, instrument, request, null);
  } catch (error) {
    if (error instanceof NotUtf8) return importPass(store, source, instrument, request, 'windows-1252');
    throw error;
  }
}

/** Ends the import's transaction with a rollback, carrying the summary out. */
class Rollback {
  constructor(readonly summary: ImportSummary) {}
}

async function importPass(store: Store, source: ByteSource, instrument: Instrument, request: ImportRequest, forced: TextEncoding | null): Promise<ImportSummary> {
  const dryRun = request.dryRun ?? false;
  const errors = new IssueList(true);
  const warnings = new IssueList();
  const cityWarnings = new IssueList();
  let idColumn = 'respondent_id';
  // A small page cache while importing (better-sqlite3 sets 16 MB): rows are appended, so few pages are
  // touched again, and the import's peak memory stays low (issue 8). Restored afterwards for queries.
  const cacheSize = store.sqlite?.pragma('cache_size', { simple: true }) as number | undefined;
  store.sqlite?.pragma('cache_size = -2048');
  try {
    // The CLI's import may take an SQLite database for itself (a dry run writes nothing: no need).
    const run = (fn: () => Promise<ImportSummary>) => (request.bulk && !dryRun ? withBulkWrites(store.sqlite, fn) : fn());
    return await run(() => lockedTransaction(store.db, 'import', async (trx) => {
      let scanWave: number | null = null;
      const writer = new ImportWriter({
        trx,
        ...(store.sqlite ? { sqlite: store.sqlite } : {}),
        instrument,
        directory: await loadCityDirectory(trx),
        fileName: request.fileName,
        synthetic: request.synthetic ?? false,
        createdBy: request.createdBy,
        now: request.now.toISOString(),
        onCityWarning: (issue) => cityWarnings.push(issue),
        keepOriginal: !dryRun,
        ...(request.worker ? { worker: request.worker } : {}),
        onRefused: (r, holder) => {
          if (holder.importId === writer.importId) {
            const first = holder.row === null ? 'an earlier row' : `row ${holder.row}`;
            errors.push(issueError('duplicate-respondent', `${place(r.row, idColumn)}respondent id "${r.key}" was already used in ${first}.`, { row: r.row, column: idColumn, value: r.key }));
          } else {
            errors.push(issueError('respondent-exists', `Row ${r.row}: respondent "${r.key}" is already stored for wave ${scanWave ?? request.wave ?? ''} (import #${holder.importId}).`, { row: r.row, value: r.key }));
          }
        },
      });
      try {
        let scan: Scan;
        try {
          scan = await scanFile(
            source,
            instrument,
            { now: request.now, ...(request.wave !== undefined ? { wave: request.wave } : {}) },
            {
              errors,
              warnings,
              columns: (names) => (idColumn = names.id),
              respondent: (r) => {
                scanWave ??= r.wave;
                return writer.add(r);
              },
              bytes: (chunk) => writer.bytes(chunk),
              progress: (rows, bytesRead, done) => request.onProgress?.({ rows, bytesRead, totalBytes: source.size, done }),
            },
            forced,
          );
        } catch (error) {
          if (isDomainError(error)) throw new Rollback(await refusedWhole(source, request, instrument, error));
          throw error;
        }
        const base: ImportSummary = {
          importId: null,
          dryRun,
          fileName: request.fileName,
          sha256: scan.sha256,
          sizeBytes: scan.sizeBytes,
          encoding: scan.encoding,
          delimiter: scan.delimiter === '\t' ? 'TAB' : scan.delimiter,
          format: scan.format,
          instrument: instrument.id,
          wave: null,
          respondents: 0,
          answers: 0,
          invalidCells: 0,
          cities: { matched: [], added: [] },
          warnings: warnings.list(),
          errors: [],
        };
        await writer.flushRespondents();
        const duplicate = await findCommittedImportBySha(trx, scan.sha256);
        if (duplicate) throw new Rollback({ ...base, errors: [duplicateFileIssue(duplicate)] });
        const allWarnings = [...warnings.list(), ...cityWarnings.list()];
        const summary: ImportSummary = {
          ...base,
          wave: scan.wave,
          respondents: writer.respondents,
          answers: scan.counts.answers,
          invalidCells: scan.counts.invalidCells,
          cities: writer.cities,
          warnings: allWarnings,
          errors: errors.list(),
        };
        if (errors.size > 0 || dryRun || writer.importId === null) throw new Rollback(summary);
        const importId = await writer.finish({ sha256: scan.sha256, sizeBytes: scan.sizeBytes, answers: scan.counts.answers, invalidCells: scan.counts.invalidCells, warnings: allWarnings });
        if (request.audit) {
          const detail = { file: request.fileName, wave: scan.wave, respondents: writer.respondents };
          await recordAudit(trx, { ...request.audit, action: 'import', target: `import #${importId}`, detail, at: request.now });
        }
        return { ...summary, importId };
      } finally {
        writer.close();
      }
    }));
  } catch (error) {
    if (error instanceof Rollback) return error.summary;
    throw error;
  } finally {
    if (cacheSize !== undefined) store.sqlite?.pragma(`cache_size = ${cacheSize}`);
  }
}

/** A file refused as a whole (unreadable, binary, an unclosed quote, no instrument): still hashed, so the summary names it. */
async function refusedWhole(source: ByteSource, request: ImportRequest, instrument: Instrument | null, error: DomainError): Promise<ImportSummary> {
  const { sha256, sizeBytes } = await hashSource(source);
  return {
    importId: null, dryRun: request.dryRun ?? false, fileName: request.fileName, sha256, sizeBytes,
    encoding: null, delimiter: null, format: null, instrument: instrument?.id ?? null, wave: null,
    respondents: 0, answers: 0, invalidCells: 0, cities: { matched: [], added: [] }, warnings: [], errors: [issueError(error.code, error.message)],
  };
}

export async function resolveInstrument(db: Kysely<Database>, id?: string): Promise<Instrument> {
  if (id) return getInstrument(db, id);
  const all = await listInstruments(db);
  if (all.length === 1) return getInstrument(db, all[0]!.id);
  if (all.length === 0) throw new DomainError('instrument-not-found', 'No instrument is stored yet: add one with "maturity instrument add <file.json>".');
  throw new DomainError('instrument-ambiguous', `Several instruments are stored (${all.map((i) => i.id).join(', ')}): name one with --instrument <id>.`);
}

const duplicateFileIssue = (duplicate: { id: number; file_name: string; created_at: string }) =>
  issueError('duplicate-file', `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`);
