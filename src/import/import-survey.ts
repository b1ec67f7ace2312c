import type { Kysely } from 'kysely';
import { loadCityDirectory } from '../db/cities.js';
import { findCommittedImportBySha } from '../db/imports.js';
import { getInstrument, listInstruments } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { bytesSource, type ByteSource } from './byte-source.js';
import { NotUtf8 } from './decode-stream.js';
import { findStoredRespondents, matchCities } from './identity-checks.js';
import { issueError, type ImportIssue } from './import-issue.js';
import { refusedScan, scanFile, type Scan } from './scan-file.js';
import { writeImport } from './store-import.js';
import { guardedImportTransaction } from './guarded-store.js';

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
  /** Marks generated demo data, shown as synthetic wherever it appears. */
  readonly synthetic?: boolean;
  readonly now: Date;
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
 * Imports one survey file, all of it or none of it: decode (streaming) →
 * parse → map columns → validate every row → check identity → store in one
 * transaction. Every problem is collected (not only the first); any error
 * leaves every table exactly as it was.
 */
export async function importSurvey(db: Kysely<Database>, request: ImportRequest): Promise<ImportSummary> {
  const source = request.source ?? bytesSource(request.bytes ?? new Uint8Array());
  let instrument: Instrument | null = null;
  let scan: Scan;
  try {
    instrument = await resolveInstrument(db, request.instrumentId);
    scan = await scanFile(source, instrument, request, null);
  } catch (error) {
    if (error instanceof NotUtf8) scan = await scanFile(source, instrument!, request, 'windows-1252');
    else if (isDomainError(error)) scan = await refusedScan(source, error);
    else throw error;
  }
  const base: ImportSummary = {
    importId: null,
    dryRun: request.dryRun ?? false,
    fileName: request.fileName,
    sha256: scan.sha256,
    sizeBytes: scan.sizeBytes,
    encoding: scan.encoding,
    delimiter: scan.delimiter === '\t' ? 'TAB' : scan.delimiter,
    format: scan.format,
    instrument: instrument?.id ?? null,
    wave: null,
    respondents: 0,
    answers: 0,
    invalidCells: 0,
    cities: { matched: [], added: [] },
    warnings: scan.warnings,
    errors: [],
  };
  const refuse = (errors: ImportIssue[], extra: Partial<ImportSummary> = {}): ImportSummary => ({ ...base, ...extra, errors });

  const duplicate = await findCommittedImportBySha(db, scan.sha256);
  if (duplicate) {
    return refuse([duplicateFileIssue(duplicate)]);
  }
  const { respondents, warnings } = scan;
  const waves = [...new Set(respondents.map((r) => r.wave))];
  const wave = waves[0] ?? request.wave ?? null;
  const counted = { wave, respondents: respondents.length, answers: scan.counts.answers, invalidCells: scan.counts.invalidCells };
  if (scan.errors.length > 0 || !instrument) return refuse(scan.errors, counted);

  const directory = await loadCityDirectory(db);
  const cities = matchCities(respondents, directory, warnings);
  const existing = wave === null ? [] : await findStoredRespondents(db, wave, instrument.id, respondents);
  if (existing.length > 0) {
    // The respondents may have been stored a moment ago by this very file (sent twice at once):
    // name that, not the respondents. An import commits its sha256 and respondents together.
    const now = await findCommittedImportBySha(db, scan.sha256);
    if (now) return refuse([duplicateFileIssue(now)]);
    return refuse(existing, { ...counted, cities: cities.summary });
  }

  const summary: ImportSummary = { ...base, ...counted, cities: cities.summary, warnings };
  if (request.dryRun || wave === null) return summary;

  // Under the import lock, in one transaction: check again (another process may have imported meanwhile), then write.
  const recheck = async (trx: Kysely<Database>) => {
    const again = await findCommittedImportBySha(trx, scan.sha256);
    return again ? [duplicateFileIssue(again)] : findStoredRespondents(trx, wave, instrument.id, respondents);
  };
  const stored = await guardedImportTransaction(db, recheck, (trx) => writeImport(trx, {
    wave,
    instrument,
    fileName: request.fileName,
    sha256: scan.sha256,
    sizeBytes: scan.sizeBytes,
    contentGzip: scan.contentGzip!,
    synthetic: request.synthetic ?? false,
    createdBy: request.createdBy,
    now: request.now.toISOString(),
    answers: scan.counts.answers,
    invalidCells: scan.counts.invalidCells,
    warnings,
    knownCities: cities.known,
    newCities: cities.added,
    respondents,
  }));
  if ('refused' in stored) return refuse(stored.refused, { ...counted, cities: cities.summary, warnings });
  return { ...summary, importId: stored.importId };
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
