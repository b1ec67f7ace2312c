import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import { loadCityDirectory, type City, type CityDirectory } from '../db/cities.js';
import { findCommittedImportBySha } from '../db/imports.js';
import { getInstrument, listInstruments } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { foldKey } from '../domain/text-key.js';
import { bytesSource, type ByteSource } from './byte-source.js';
import { decodeStream, NotUtf8, sniffEncoding, type TextEncoding } from './decode-stream.js';
import { readHeaderRows } from './header-rows.js';
import { issueError, issueWarning, place, type ImportIssue } from './import-issue.js';
import { LongFormatCollector } from './long-format.js';
import { mapColumns } from './map-columns.js';
import { openRecordStream } from './record-stream.js';
import { invalidShareIssue, newRowContext, readRespondent, type ParsedRespondent, type RowCounts } from './read-respondents.js';
import { storeImport } from './store-import.js';

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

/** What one pass over the file found. */
interface Scan {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentGzip: Buffer | null;
  readonly encoding: TextEncoding | null;
  readonly delimiter: string | null;
  readonly format: string | null;
  readonly respondents: readonly ParsedRespondent[];
  readonly counts: RowCounts;
  readonly warnings: ImportIssue[];
  readonly errors: ImportIssue[];
}

const PROGRESS_EVERY = 5000;

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
    return refuse([issueError('duplicate-file', `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`)]);
  }
  const { respondents, warnings } = scan;
  const waves = [...new Set(respondents.map((r) => r.wave))];
  const wave = waves[0] ?? request.wave ?? null;
  const counted = { wave, respondents: respondents.length, answers: scan.counts.answers, invalidCells: scan.counts.invalidCells };
  if (scan.errors.length > 0 || !instrument) return refuse(scan.errors, counted);

  const directory = await loadCityDirectory(db);
  const cities = matchCities(respondents, directory, warnings);
  const existing = wave === null ? [] : await findStoredRespondents(db, wave, instrument.id, respondents);
  if (existing.length > 0) return refuse(existing, { ...counted, cities: cities.summary });

  const summary: ImportSummary = { ...base, ...counted, cities: cities.summary, warnings };
  if (request.dryRun || wave === null) return summary;

  const importId = await storeImport(db, {
    wave,
    instrumentId: instrument.id,
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
    cityKey,
  });
  return { ...summary, importId };
}

/** Hash, size and kept copy of every byte a pass reads. */
function byteSink(keepCopy: boolean) {
  const hash = createHash('sha256');
  const gzip = keepCopy ? createGzip() : null;
  const parts: Buffer[] = [];
  gzip?.on('data', (c: Buffer) => parts.push(c));
  let size = 0;
  return {
    add(chunk: Uint8Array) {
      hash.update(chunk);
      gzip?.write(chunk);
      size += chunk.byteLength;
    },
    get size() {
      return size;
    },
    async finish(): Promise<{ sha256: string; sizeBytes: number; contentGzip: Buffer | null }> {
      if (gzip) await new Promise<void>((resolve, reject) => gzip.once('end', resolve).once('error', reject).end());
      return { sha256: hash.digest('hex'), sizeBytes: size, contentGzip: gzip ? Buffer.concat(parts) : null };
    },
  };
}

/** The first bytes of a source (at least 8 when there are: for the signature and BOM). */
async function readHead(source: ByteSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    parts.push(chunk);
    size += chunk.byteLength;
    if (size >= 8) break;
  }
  return Buffer.concat(parts);
}

/** A file refused before any row was read: still hashed, so the summary names it. */
async function refusedScan(source: ByteSource, error: DomainError): Promise<Scan> {
  const sink = byteSink(false);
  for await (const chunk of source.open()) sink.add(chunk);
  const { sha256, sizeBytes } = await sink.finish();
  return {
    sha256, sizeBytes, contentGzip: null, encoding: null, delimiter: null, format: null,
    respondents: [], counts: { answers: 0, answerCells: 0, invalidCells: 0 }, warnings: [], errors: [issueError(error.code, error.message)],
  };
}

/**
 * One streaming pass: every record is validated as it is read (one row at a
 * time, `readRespondent`), so only the validated respondents are kept, never
 * the file's text. Throws NotUtf8 when a file without BOM turns out not to
 * be UTF-8 (the caller reads it again as windows-1252).
 */
async function scanFile(source: ByteSource, instrument: Instrument, request: ImportRequest, forced: TextEncoding | null): Promise<Scan> {
  const sniffed = sniffEncoding(await readHead(source));
  const encoding = forced ?? sniffed.encoding;
  const sink = byteSink(!request.dryRun);
  const warnings: ImportIssue[] = [];
  if (forced === 'windows-1252') {
    warnings.push(issueWarning('encoding-windows-1252', 'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented names; save as CSV UTF-8 to avoid this.'));
  }
  const progress = (rows: number, done: boolean) => request.onProgress?.({ rows, bytesRead: sink.size, totalBytes: source.size, done });
  const text = decodeStream(source, encoding, sniffed.bom, (chunk) => sink.add(chunk));
  const { delimiter, records } = await openRecordStream(text);
  const drain = async () => {
    for await (const _ of records);
  };
  const found = { encoding, delimiter: delimiter as string };
  const result = async (errors: ImportIssue[], format: string | null, respondents: ParsedRespondent[] = [], counts: RowCounts = { answers: 0, answerCells: 0, invalidCells: 0 }): Promise<Scan> => {
    await drain();
    progress(respondents.length, true);
    return { ...(await sink.finish()), ...found, format, respondents, counts, warnings, errors };
  };

  const head = await readHeaderRows(records);
  if (!head) return result([issueError('file-empty', 'The file is empty: it has no header line.')], null);
  const columns = mapColumns(head.header.fields, instrument, { waveGiven: request.wave !== undefined, extraHeaders: head.extra });
  warnings.push(...columns.issues.filter((i) => i.severity === 'warning'));
  const format = columns.long ? 'long' : head.format === 'plain' ? 'wide' : head.format;
  const columnErrors = columns.issues.filter((i) => i.severity === 'error');
  if (columnErrors.length > 0) return result(columnErrors, format);

  const long = columns.long ? new LongFormatCollector(instrument, columns.long) : null;
  const ctx = newRowContext(instrument, long ? long.wideMap : columns.map, request.now.getUTCFullYear(), request.wave);
  const headerKey = head.written.map(foldKey).join('\u0000');
  const respondents: ParsedRespondent[] = [];
  let rows = 0;
  let dataRows = 0;
  const take = (row: number, fields: readonly string[]) => {
    if (fields.every((f) => f.trim() === '')) return;
    dataRows++;
    if (fields.map(foldKey).join('\u0000') === headerKey) {
      ctx.issues.push(issueError('header-repeated', `Row ${row} repeats the header line: were two exports pasted together? Remove the second header.`, { row }));
      return;
    }
    if (long) long.add(row, fields, ctx.issues);
    else {
      const respondent = readRespondent(ctx, row, fields);
      if (respondent) respondents.push(respondent);
    }
    if (++rows % PROGRESS_EVERY === 0) progress(rows, false);
  };
  for (const r of head.data) take(r.row, r.fields);
  for await (const r of records) take(r.row, r.fields);
  if (long) {
    const gathered = long.finish();
    if (gathered.warning) warnings.push(gathered.warning);
    for (const g of gathered.records) {
      const respondent = readRespondent(ctx, g.row, g.fields, g.cellRows);
      if (respondent) respondents.push(respondent);
    }
  }
  const tooMany = invalidShareIssue(ctx.counts);
  if (tooMany) ctx.issues.push(tooMany);
  const waves = [...new Set(respondents.map((r) => r.wave))];
  if (waves.length > 1) {
    const second = respondents.find((r) => r.wave !== waves[0])!;
    ctx.issues.push(issueError('wave-multiple', `${place(second.row)}wave ${second.wave} differs from wave ${waves[0]} of the rows above; import one wave per file.`, { row: second.row }));
  }
  if (dataRows === 0) ctx.issues.push(issueError('file-no-rows', 'The file has a header but no data rows.'));
  warnings.push(...ctx.issues.filter((i) => i.severity === 'warning'));
  const errors = ctx.issues.filter((i) => i.severity === 'error').sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return result(errors, format, respondents, ctx.counts);
}

export const cityKey = (name: string, country: string) => `${country}\u0000${foldKey(name)}`;

async function resolveInstrument(db: Kysely<Database>, id?: string): Promise<Instrument> {
  if (id) return getInstrument(db, id);
  const all = await listInstruments(db);
  if (all.length === 1) return getInstrument(db, all[0]!.id);
  if (all.length === 0) throw new DomainError('instrument-not-found', 'No instrument is stored yet: add one with "maturity instrument add <file.json>".');
  throw new DomainError('instrument-ambiguous', `Several instruments are stored (${all.map((i) => i.id).join(', ')}): name one with --instrument <id>.`);
}

/**
 * Each (country, name) of the file → a known city (by name or alias in that
 * country) or a new one. New cities are added with a warning; names that
 * differ from a known city only by accents are flagged, not merged.
 */
export function matchCities(respondents: readonly ParsedRespondent[], directory: CityDirectory, warnings: ImportIssue[]) {
  const known = new Map<string, City>();
  const added = new Map<string, { name: string; country: string; population: null }>();
  for (const r of respondents) {
    const key = cityKey(r.city, r.country);
    if (known.has(key) || added.has(key)) continue;
    const city = directory.findWritten(r.city, r.country);
    if (city) {
      known.set(key, city);
      continue;
    }
    added.set(key, { name: r.city, country: r.country, population: null });
    const variants = directory.accentVariants(r.city, r.country);
    if (variants.length > 0) {
      warnings.push(issueWarning('city-accent-variant', `${place(r.row, 'city')}"${r.city}" differs from the known city "${variants[0]!.name}" only by accents; it was kept as a separate city. Correct the file if they are the same.`, { row: r.row, column: 'city', value: r.city }));
    } else {
      const elsewhere = directory.byName(r.city).filter((c) => c.country !== r.country);
      const hint = elsewhere.length > 0 ? ` (a "${elsewhere[0]!.name}" is known in ${elsewhere[0]!.country}: check the country code)` : '';
      warnings.push(issueWarning('city-new', `${place(r.row, 'city')}"${r.city}" (${r.country}) is not in the city registry; it was added without a population, so it is never in a largest:N peer group${hint}.`, { row: r.row, column: 'city', value: r.city }));
    }
  }
  return {
    known,
    added,
    summary: {
      matched: [...new Set([...known.values()].map((c) => c.name))].sort(),
      added: [...added.values()].map((c) => c.name).sort(),
    },
  };
}

/** Respondent ids of the file already stored for the wave: each refused, naming its row. */
export async function findStoredRespondents(
  db: Kysely<Database>,
  year: number,
  instrumentId: string,
  respondents: readonly ParsedRespondent[],
): Promise<ImportIssue[]> {
  const wave = await db.selectFrom('waves').select('id').where('year', '=', year).where('instrument_id', '=', instrumentId).executeTakeFirst();
  if (!wave) return [];
  const rowOf = new Map(respondents.map((r) => [r.key, r.row]));
  const keys = [...rowOf.keys()];
  const issues: ImportIssue[] = [];
  for (let i = 0; i < keys.length; i += 500) {
    const found = await db
      .selectFrom('respondents')
      .innerJoin('imports', 'imports.id', 'respondents.import_id')
      .select(['respondents.respondent_key', 'imports.id as importId'])
      .where('respondents.wave_id', '=', wave.id)
      .where('respondents.respondent_key', 'in', keys.slice(i, i + 500))
      .execute();
    for (const f of found) {
      const row = rowOf.get(f.respondent_key)!;
      issues.push(issueError('respondent-exists', `Row ${row}: respondent "${f.respondent_key}" is already stored for wave ${year} (import #${f.importId}).`, { row, value: f.respondent_key }));
    }
  }
  return issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}
