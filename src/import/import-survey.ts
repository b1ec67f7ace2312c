import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../db/repositories/audit-log.js';
import type { Store } from '../db/create-db.js';
import { loadCityDirectory } from '../db/repositories/cities.js';
import { findCommittedImportBySha } from '../db/repositories/imports.js';
import { getInstrument, listInstruments } from '../db/repositories/instruments.js';
import type { Database } from '../db/schema.js';
import { decidedTransaction, type Decision } from '../db/write-lock.js';
import { withBulkWrites, withSmallPageCache } from '../db/bulk/bulk-writes.js';
import { withPgConnection } from '../db/bulk/pg-connection.js';
import type { PgSession } from '../db/bulk/pg-session.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { bytesSource, type ByteSource } from './read/byte-source.js';
import type { TextEncoding } from './read/decode-stream.js';
import { NotUtf8 } from './read/decode-stream.js';
import { issueError, place, type ImportIssue } from './import-issue.js';
import { ImportWriter } from './store/import-writer.js';
import { IssueList } from './issue-list.js';
import { hashSource, scanFile, type Scan } from './validate/scan-file.js';
import type { CityMapping } from './validate/city-map.js';
import { committedCityCounts } from '../db/repositories/import-city-counts.js';
import { suggestCities } from '../domain/city-suggestions.js';

export interface ImportRequest {
  /** The file in memory (web upload, demo, tests); or give `source` to stream it. */
  readonly bytes?: Uint8Array;
  /** The file as a re-readable stream (the CLI): never held in memory whole. */
  readonly source?: ByteSource;
  readonly fileName: string;
  readonly wave?: number;
  /** The city of every row, for a file without a city column (one city's own survey). */
  readonly city?: string;
  /** The country (ISO alpha-2, parsed at the edge: `parseCountryOption`) of every row, for a file without a country column. */
  readonly country?: string;
  /** Keep responses the file marks unfinished (left out by default, counted in a warning). */
  readonly includeIncomplete?: boolean;
  /** The sheet of a workbook to read (default: the first). */
  readonly sheet?: string;
  /** City names of the file to take as known cities ("Gnt" → Gent): parsed at the edge (`parseCityMap`). */
  readonly cityMap?: readonly CityMapping[];
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
  /** The sheet read, when the file is a workbook: its name and type (xlsx, xls, ods). */
  readonly sheet: { readonly name: string; readonly type: string } | null;
  readonly instrument: string | null;
  /** The wave of the file (the first, when it holds several: see `waves`). */
  readonly wave: number | null;
  /** Respondents per wave, each wave its own import row (undo of any removes all). */
  readonly waves: readonly { readonly wave: number; readonly importId: number | null; readonly respondents: number }[];
  readonly respondents: number;
  readonly answers: number;
  readonly invalidCells: number;
  readonly cities: { readonly matched: readonly string[]; readonly added: readonly string[] };
  /** The effect per city and wave: respondents of committed imports now, and after this import. */
  readonly perCity: readonly CityEffect[];
  /** New city names that look like known cities ("did you mean Gent?"), to map with `cityMap`. */
  readonly citySuggestions: readonly {
    readonly name: string;
    readonly country: string;
    readonly suggestions: readonly string[];
  }[];
  /** The city mappings applied (as asked). */
  readonly cityMap: readonly CityMapping[];
  readonly warnings: readonly ImportIssue[];
  readonly errors: readonly ImportIssue[];
}

export interface CityEffect {
  readonly wave: number;
  readonly city: string;
  readonly country: string;
  readonly before: number;
  readonly after: number;
  readonly newCity: boolean;
  /** Names in the file taken as this city. */
  readonly mappedFrom: readonly string[];
}

/**
 * Imports one survey file, all of it or none of it, in one streaming pass
 * inside one transaction that holds the import lock: read (bytes → text →
 * records → columns), validate each row into a respondent, store it (bulk
 * writer, aggregates, kept original) as it is read. Every problem is
 * collected with row and column; any error (or a dry run) rolls the
 * transaction back, so stored data is exactly as it was. Memory stays flat in
 * the number of rows: no list of rows or ids is kept (the unique key finds
 * repeated ids).
 */
export async function importSurvey(store: Store, request: ImportRequest): Promise<ImportSummary> {
  const source = request.source ?? bytesSource(request.bytes ?? new Uint8Array());
  const instrument = await findInstrument(store.db, request.instrumentId);
  if (instrument instanceof DomainError) return refusedWhole(source, request, null, instrument);
  const badMap = await checkCityMap(store.db, request.cityMap ?? []);
  if (badMap) return refusedWhole(source, request, instrument, badMap);
  try {
    return await importPass(store, source, instrument, request, null);
  } catch (error) {
    // A file without BOM that is not UTF-8 after all: read again, from the start, in a fresh transaction.
    if (error instanceof NotUtf8) return importPass(store, source, instrument, request, 'windows-1252');
    throw error;
  }
}

/**
 * One pass over the file in one transaction, committed only when the file is
 * accepted. On PostgreSQL the respondents go in by COPY on the transaction's
 * own connection; when a COPY meets a respondent id already stored (COPY has
 * no ON CONFLICT), the pass is rolled back and run again with INSERT … ON
 * CONFLICT, which names every refused row (pg-copy-writer.ts).
 */
async function importPass(
  store: Store,
  source: ByteSource,
  instrument: Instrument,
  request: ImportRequest,
  forced: TextEncoding | null,
  copy = true,
): Promise<ImportSummary> {
  let copyConflict = false;
  const pool = copy ? store.pgPool : undefined;
  const transaction: PassTransaction = (fn) =>
    pool
      ? withPgConnection(pool, (db, session) =>
          decidedTransaction(db, 'import', (trx) => fn(trx, { session, onCopyConflict: () => (copyConflict = true) })),
        )
      : decidedTransaction(store.db, 'import', (trx) => fn(trx));
  try {
    return await passIn(transaction, store, source, instrument, request, forced);
  } catch (error) {
    if (copyConflict) return importPass(store, source, instrument, request, forced, false);
    throw error;
  }
}

type PgCopy = { readonly session: PgSession; readonly onCopyConflict: () => void };
type PassTransaction = (
  fn: (trx: Kysely<Database>, pg?: PgCopy) => Promise<Decision<ImportSummary>>,
) => Promise<ImportSummary>;

async function passIn(
  transaction: PassTransaction,
  store: Store,
  source: ByteSource,
  instrument: Instrument,
  request: ImportRequest,
  forced: TextEncoding | null,
): Promise<ImportSummary> {
  const dryRun = request.dryRun ?? false;
  // The CLI's import may take an SQLite database for itself (a dry run writes nothing: no need).
  const connection = (fn: () => Promise<ImportSummary>) =>
    withSmallPageCache(store.sqlite, () => (request.bulk && !dryRun ? withBulkWrites(store.sqlite, fn) : fn()));
  return connection(() =>
    transaction(async (trx, pg) => {
      const issues: PassIssues = {
        errors: new IssueList(true),
        warnings: new IssueList(),
        cityWarnings: new IssueList(),
        idColumn: 'respondent_id',
      };
      const writer = await openWriter(trx, store, instrument, request, issues, pg);
      try {
        const scan = await readValidateStore(source, instrument, request, writer, issues, forced);
        if (scan instanceof DomainError) return rollback(await refusedWhole(source, request, instrument, scan));
        await writer.flushRespondents(); // every refused id reported before the errors are read
        const summary = {
          ...summarise(scan, instrument, request, writer, issues),
          ...(await cityEffects(trx, writer)),
        };
        const duplicate = await findCommittedImportBySha(trx, scan.sha256);
        if (duplicate)
          return rollback({
            ...summary,
            ...nothingStored(),
            warnings: issues.warnings.list(),
            errors: [duplicateFileIssue(duplicate)],
          });
        if (summary.errors.length > 0 || dryRun || writer.importId === null) return rollback(summary);
        const importId = await writer.finish({
          sha256: scan.sha256,
          sizeBytes: scan.sizeBytes,
          answers: scan.counts.answers,
          invalidCells: scan.counts.invalidCells,
          warnings: summary.warnings,
        });
        if (request.audit) {
          const detail = {
            file: request.fileName,
            wave: scan.wave,
            respondents: writer.respondents,
            ...(request.cityMap?.length ? { cityMap: request.cityMap } : {}),
          };
          await recordAudit(trx, {
            ...request.audit,
            action: 'import',
            target: `import #${importId}`,
            detail,
            at: request.now,
          });
        }
        return { commit: true, result: { ...summary, importId, waves: writer.waves } };
      } finally {
        writer.close();
      }
    }),
  );
}

interface PassIssues {
  readonly errors: IssueList;
  readonly warnings: IssueList;
  readonly cityWarnings: IssueList;
  /** The id column as the file names it, for messages about refused ids (known once the header is read). */
  idColumn: string;
}

const rollback = (summary: ImportSummary): Decision<ImportSummary> => ({ commit: false, result: summary });

/** The store step: the writer every valid respondent goes to as it is read. */
async function openWriter(
  trx: Kysely<Database>,
  store: Store,
  instrument: Instrument,
  request: ImportRequest,
  issues: PassIssues,
  pg?: PgCopy,
): Promise<ImportWriter> {
  const { errors } = issues;
  const writer = new ImportWriter({
    trx,
    ...(store.sqlite ? { sqlite: store.sqlite } : {}),
    ...(pg ? { pg } : {}),
    instrument,
    directory: await loadCityDirectory(trx),
    fileName: request.fileName,
    synthetic: request.synthetic ?? false,
    createdBy: request.createdBy,
    now: request.now.toISOString(),
    onCityWarning: (issue) => issues.cityWarnings.push(issue),
    keepOriginal: !(request.dryRun ?? false),
    ...(request.cityMap ? { cityMap: request.cityMap } : {}),
    ...(request.worker ? { worker: request.worker } : {}),
    onRefused: (r, holder) => {
      if (writer.owns(holder.importId)) {
        const first = holder.row === null ? 'an earlier row' : `row ${holder.row}`;
        const column = issues.idColumn;
        errors.push(
          issueError(
            'duplicate-respondent',
            `${place(r.row, column)}respondent id "${r.key}" was already used in ${first}.`,
            { row: r.row, column, value: r.key },
          ),
        );
      } else {
        errors.push(
          issueError(
            'respondent-exists',
            `Row ${r.row}: respondent "${r.key}" is already stored for wave ${writer.wave ?? request.wave ?? ''} (import #${holder.importId}).`,
            { row: r.row, value: r.key },
          ),
        );
      }
    },
  });
  return writer;
}

/** The read and validate steps, each valid respondent handed to the store step as it is read; a DomainError: the file is refused as a whole. */
async function readValidateStore(
  source: ByteSource,
  instrument: Instrument,
  request: ImportRequest,
  writer: ImportWriter,
  issues: PassIssues,
  forced: TextEncoding | null,
): Promise<Scan | DomainError> {
  try {
    return await scanFile(
      source,
      instrument,
      {
        now: request.now,
        ...(request.wave !== undefined ? { wave: request.wave } : {}),
        ...(request.sheet !== undefined ? { sheet: request.sheet } : {}),
        fixed: {
          ...(request.city !== undefined ? { city: request.city } : {}),
          ...(request.country !== undefined ? { country: request.country } : {}),
          includeIncomplete: request.includeIncomplete ?? false,
        },
      },
      {
        errors: issues.errors,
        warnings: issues.warnings,
        columns: (names) => {
          if (names.id === null) writer.idsFromRows();
          else issues.idColumn = names.id;
        },
        respondent: (r) => writer.add(r),
        bytes: (chunk) => writer.bytes(chunk),
        ...(writer.hashesBytes ? { sha256: () => writer.sha256() } : {}),
        progress: (rows, bytesRead, done) => request.onProgress?.({ rows, bytesRead, totalBytes: source.size, done }),
      },
      forced,
    );
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

/** What the pass found and stored, before the decision to keep it. */
function summarise(
  scan: Scan,
  instrument: Instrument,
  request: ImportRequest,
  writer: ImportWriter,
  issues: PassIssues,
): ImportSummary {
  return {
    importId: null,
    dryRun: request.dryRun ?? false,
    fileName: request.fileName,
    sha256: scan.sha256,
    sizeBytes: scan.sizeBytes,
    encoding: scan.encoding,
    delimiter: scan.delimiter === '\t' ? 'TAB' : scan.delimiter,
    format: scan.format,
    sheet: scan.sheet,
    instrument: instrument.id,
    wave: scan.wave,
    waves: writer.waves.map((w) => ({ ...w, importId: null })),
    respondents: writer.respondents,
    answers: scan.counts.answers,
    invalidCells: scan.counts.invalidCells,
    cities: writer.cities,
    perCity: [],
    citySuggestions: [],
    cityMap: request.cityMap ?? [],
    warnings: [...issues.warnings.list(), ...issues.cityWarnings.list()],
    errors: issues.errors.list(),
  };
}

/**
 * The figures of a summary whose import stores nothing: a duplicate file, or a file refused as a whole
 * (`importId` is null already in both).
 */
const nothingStored = () => ({
  wave: null,
  waves: [],
  respondents: 0,
  answers: 0,
  invalidCells: 0,
  cities: { matched: [], added: [] },
  perCity: [],
  citySuggestions: [],
});

/** A file refused as a whole (unreadable, binary, an unclosed quote, no instrument): still hashed, so the summary names it. */
async function refusedWhole(
  source: ByteSource,
  request: ImportRequest,
  instrument: Instrument | null,
  error: DomainError,
): Promise<ImportSummary> {
  const { sha256, sizeBytes } = await hashSource(source);
  return {
    importId: null,
    dryRun: request.dryRun ?? false,
    fileName: request.fileName,
    sha256,
    sizeBytes,
    encoding: null,
    delimiter: null,
    format: null,
    sheet: null,
    instrument: instrument?.id ?? null,
    ...nothingStored(),
    cityMap: request.cityMap ?? [],
    warnings: [],
    errors: [issueError(error.code, error.message)],
  };
}

/** The instrument named, or the only one stored; a DomainError saying why not. */
async function findInstrument(db: Kysely<Database>, id?: string): Promise<Instrument | DomainError> {
  try {
    return await resolveInstrument(db, id);
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}

export async function resolveInstrument(db: Kysely<Database>, id?: string): Promise<Instrument> {
  if (id) return getInstrument(db, id);
  const all = await listInstruments(db);
  if (all.length === 1) return getInstrument(db, all[0]!.id);
  if (all.length === 0)
    throw new DomainError(
      'instrument-not-found',
      'No instrument is stored yet: add one with "maturity instrument add <file.json>".',
    );
  throw new DomainError(
    'instrument-ambiguous',
    `Several instruments are stored (${all.map((i) => i.id).join(', ')}): name one with --instrument <id>.`,
  );
}

const duplicateFileIssue = (duplicate: { id: number; file_name: string; created_at: string }) =>
  issueError(
    'duplicate-file',
    `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`,
  );

/** Each mapping must name a known city; a DomainError naming the first that does not (with suggestions). */
async function checkCityMap(db: Kysely<Database>, map: readonly CityMapping[]): Promise<DomainError | null> {
  if (map.length === 0) return null;
  const directory = await loadCityDirectory(db);
  for (const m of map) {
    if (directory.find(m.to)) continue;
    const near = suggestCities(m.to, directory.spellings);
    return new DomainError(
      'city-map-invalid',
      `City mapping "${m.from}=${m.to}": no known city is called "${m.to}"` +
        (near.length > 0
          ? `; did you mean ${near.join(' or ')}?`
          : '; map to a city already known (see the cities of the overview).'),
    );
  }
  return null;
}

/** Per city and wave of the file: respondents now (committed imports) and after it; new names with suggestions. */
async function cityEffects(
  trx: Kysely<Database>,
  writer: ImportWriter,
): Promise<Pick<ImportSummary, 'perCity' | 'citySuggestions'>> {
  const cities = writer.citiesOfFile;
  const waveIds = [...new Set(cities.flatMap((c) => c.perWave.map((w) => w.waveId)))];
  const now = new Map((await committedCityCounts(trx, waveIds)).map((c) => [`${c.waveId}|${c.cityId}`, c.respondents]));
  const perCity = cities
    .flatMap(({ city, perWave }) =>
      perWave.map((w) => {
        const before = now.get(`${w.waveId}|${city.id}`) ?? 0;
        return {
          wave: w.wave,
          city: city.name,
          country: city.country,
          before,
          after: before + w.respondents,
          newCity: city.isNew,
          mappedFrom: city.mappedFrom,
        };
      }),
    )
    .sort((a, b) => a.wave - b.wave || a.city.localeCompare(b.city));
  const citySuggestions = cities
    .filter(({ city }) => city.isNew && city.suggestions.length > 0)
    .map(({ city }) => ({ name: city.name, country: city.country, suggestions: city.suggestions }));
  return { perCity, citySuggestions };
}
