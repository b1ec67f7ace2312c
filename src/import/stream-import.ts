import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { encodeAnswers } from '../db/answer-codec.js';
import { insertCity, loadCityDirectory } from '../db/cities.js';
import type { Store } from '../db/create-db.js';
import { insertImport } from '../db/imports.js';
import { AggregateAccumulator, writeImportAggregates } from '../db/score-aggregates.js';
import { sqliteRespondentBulkWriter, sqliteTransaction, type RespondentBulkWriter } from '../db/sqlite-bulk-respondents.js';
import { findOrCreateWave } from '../db/waves.js';
import { DomainError, isDomainError } from '../domain/domain-error.js';
import { foldKey } from '../domain/text-key.js';
import { nulByteError, sniffEncoding } from './decode-stream.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';
import { issueError, issueWarning, place, type ImportIssue } from './import-issue.js';
import { cityKey, matchCities } from './identity-checks.js';
import { importSurvey, resolveInstrument, type ImportRequest, type ImportSummary } from './import-survey.js';
import type { ParsedRespondent } from './read-respondents.js';
import { mapColumns, type ColumnMap } from './map-columns.js';
import { invalidShareIssue, newRowContext, readRespondent, type RowContext } from './read-respondents.js';

/** An import of a file on disk (the CLI's path): streamed, never held whole. */
export interface FileImportRequest extends Omit<ImportRequest, 'bytes'> {
  readonly path: string;
}

/** At most this many errors and warnings are listed; the rest are counted in one last issue. */
export const MAX_LISTED_ISSUES = 1000;
const CHUNK_BYTES = 256 << 10;
const CONTENT_PART_BYTES = 1 << 20;
/** A record still open after this many characters is an unclosed quote, not a field. */
const MAX_OPEN_RECORD = 16 << 20;

class NotUtf8 extends Error {}

/**
 * Respondent ids are checked by the database's unique index (sqlite bulk
 * writer), not kept in memory: a million ids would cost ~80 MB. This map
 * forgets everything, so `readRespondent` never reports in-file duplicates itself.
 */
class ForgetfulMap extends Map<string, number> {
  override set(): this {
    return this;
  }
}

/**
 * Imports a survey file by streaming it (issue 8): bytes → sha256 and gzip
 * parts, → text (UTF-8 across chunk boundaries; Windows-1252 and UTF-16 by
 * iconv-lite) → papaparse arrays → row validation → respondents through the
 * SQLite bulk writer and the aggregates, all in one transaction: all of the
 * file or nothing. Same rules and summary as `importSurvey`; memory stays
 * flat in the number of rows. Without SQLite it reads the file and uses `importSurvey`.
 */
export async function importSurveyFile(store: Store, request: FileImportRequest): Promise<ImportSummary> {
  let size: number;
  try {
    size = statSync(request.path).size;
  } catch {
    throw new DomainError('file-not-found', `Cannot read "${request.path}": no such file, or not readable.`);
  }
  if (!store.sqlite) {
    const { path, ...rest } = request;
    return importSurvey(store.db, { ...rest, bytes: readFileSync(path) });
  }
  try {
    return await streamOnce(store, request, size, null);
  } catch (error) {
    if (error instanceof NotUtf8) return streamOnce(store, request, size, 'windows-1252');
    throw error;
  }
}

interface Refusal {
  readonly errors: ImportIssue[];
}
const refusal = (errors: ImportIssue[]): Refusal => ({ errors });
const isRefusal = (e: unknown): e is Refusal => typeof e === 'object' && e !== null && 'errors' in e && !(e instanceof Error);


type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A chunked decoder that keeps characters split across chunks whole. */
function makeDecoder(encoding: Encoding): (bytes: Buffer) => string {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    return (bytes) => {
      try {
        return decoder.decode(bytes, { stream: bytes.length > 0 });
      } catch {
        throw new NotUtf8();
      }
    };
  }
  const decoder = iconv.getDecoder(encoding);
  return (bytes) => (bytes.length > 0 ? decoder.write(bytes) : (decoder.end() ?? ''));
}

async function streamOnce(store: Store, request: FileImportRequest, size: number, forced: Encoding | null): Promise<ImportSummary> {
  const sqlite = store.sqlite!;
  const db = store.db;
  const now = request.now.toISOString();
  const errors = new IssueList();
  const warnings = new IssueList();
  const hash = createHash('sha256');
  const summary = {
    importId: null as number | null,
    dryRun: request.dryRun ?? false,
    fileName: request.fileName,
    sizeBytes: size,
    sha256: '',
    encoding: null as string | null,
    delimiter: null as string | null,
    /** The streamed path reads the plain wide layout only (the in-memory path also recognises long, Qualtrics, SurveyMonkey). */
    format: 'wide' as string | null,
    instrument: null as string | null,
    wave: null as number | null,
  };
  const done = (extra: Partial<ImportSummary>): ImportSummary => ({
    ...summary,
    respondents: 0,
    answers: 0,
    invalidCells: 0,
    cities: { matched: [], added: [] },
    ...extra,
    warnings: warnings.list(),
    errors: extra.errors ? [...extra.errors] : errors.list(),
  });

  let instrument;
  try {
    instrument = await resolveInstrument(db, request.instrumentId);
  } catch (error) {
    if (isDomainError(error)) return done({ errors: [issueError(error.code, error.message)] });
    throw error;
  }
  summary.instrument = instrument.id;
  const directory = await loadCityDirectory(db);
  const aggregates = new AggregateAccumulator(instrument);

  const stream = createReadStream(request.path, { highWaterMark: CHUNK_BYTES });
  // Level 1: the gzip runs on libuv's thread pool beside the parse; at the default level it fell behind and held the import up.
  const gzip = createGzip({ level: 1 });
  const gzipParts: Buffer[] = [];
  let gzipPending = 0;
  gzip.on('data', (b: Buffer) => {
    gzipParts.push(b);
    gzipPending += b.length;
  });
  const tx = sqliteTransaction(sqlite);
  const insertPart = sqlite.prepare('INSERT INTO import_content_parts (import_id, part, gzip) VALUES (?, ?, ?)');
  let partNo = 0;
  const flushParts = (importId: number | null, force: boolean) => {
    if (importId === null || gzipParts.length === 0 || (!force && gzipPending < CONTENT_PART_BYTES)) return;
    insertPart.run(importId, partNo++, Buffer.concat(gzipParts));
    gzipParts.length = 0;
    gzipPending = 0;
  };

  // State of the pass.
  let encoding: Encoding | null = forced;
  let decode: ((b: Buffer) => string) | null = null;
  let delimiter: Delimiter = ',';
  let newline: '\n' | '\r\n' | '\r' = '\n';
  let rowOffset = 1;
  let recordIndex = 0;
  let partial = '';
  let base = 0;
  let header: readonly string[] | null = null;
  let headerKey = '';
  let headerIdKey = '';
  let map: ColumnMap | null = null;
  let ctx: RowContext | null = null;
  let wave: number | null = null;
  let waveId: number | null = null;
  let importId: number | null = null;
  let writer: RespondentBulkWriter | null = null;
  let records = 0;
  let respondents = 0;
  const cityIds = new Map<string, number>();
  const matched = new Set<string>();
  const added: string[] = [];

  const startImport = async (year: number) => {
    const storedWave = await findOrCreateWave(db, year, instrument.id, now);
    waveId = storedWave.id;
    importId = await insertImport(db, {
      wave_id: waveId, file_name: request.fileName, sha256: '', size_bytes: size, content_gzip: Buffer.alloc(0),
      status: 'committed', synthetic: request.synthetic ? 1 : 0, created_by: request.createdBy, created_at: now,
      undone_at: null, respondents: 0, answers: 0, warnings: 0, invalid_cells: 0, issues: '[]',
    });
    writer = sqliteRespondentBulkWriter(sqlite, importId, waveId, (r, holder) => {
      if (holder === importId) {
        errors.push(issueError('duplicate-respondent', `${place(r.row, map!.names[map!.id])}respondent id "${r.key}" was already used in an earlier row.`, { row: r.row, column: map!.names[map!.id]!, value: r.key }));
      } else {
        errors.push(issueError('respondent-exists', `Row ${r.row}: respondent "${r.key}" is already stored for wave ${year} (import #${holder}).`, { row: r.row, value: r.key }));
      }
      respondents--;
    });
  };

  const resolveCity = async (city: string, country: string, row: number): Promise<number> => {
    const key = cityKey(city, country);
    const known = cityIds.get(key);
    if (known !== undefined) return known;
    const cityWarnings: ImportIssue[] = [];
    const match = matchCities([{ city, country, row } as ParsedRespondent], directory, cityWarnings);
    let id: number;
    const found = match.known.get(key);
    if (found) {
      id = found.id;
      matched.add(found.name);
    } else {
      id = (await insertCity(db, { name: city, country, population: null }, 'import', now)).id;
      added.push(city);
    }
    cityWarnings.forEach((w) => warnings.push(w));
    cityIds.set(key, id);
    return id;
  };

  const handleRecord = async (fields: string[], row: number) => {
    if (header === null) {
      if (fields.every((f) => f.trim() === '')) return;
      header = fields;
      headerKey = fields.map(foldKey).join('\u0000');
      const columns = mapColumns(fields, instrument, { waveGiven: request.wave !== undefined });
      columns.issues.filter((i) => i.severity === 'warning').forEach((w) => warnings.push(w));
      const columnErrors = columns.issues.filter((i) => i.severity === 'error');
      if (columnErrors.length > 0) throw refusal(columnErrors);
      map = columns.map;
      headerIdKey = foldKey(fields[map.id]!);
      ctx = { ...newRowContext(instrument, map, request.now.getUTCFullYear(), request.wave), seenIds: new ForgetfulMap() };
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    records++;
    if (fields.length === header.length && foldKey(fields[map!.id]!) === headerIdKey && fields.map(foldKey).join('\u0000') === headerKey) {
      errors.push(issueError('header-repeated', `Row ${row} repeats the header line: were two exports pasted together? Remove the second header.`, { row }));
      return;
    }
    const r = readRespondent(ctx!, row, fields);
    for (const issue of ctx!.issues) (issue.severity === 'error' ? errors : warnings).push(issue);
    ctx!.issues.length = 0;
    if (!r) return;
    if (wave === null) {
      wave = r.wave;
      await startImport(wave);
    } else if (r.wave !== wave) {
      errors.push(issueError('wave-multiple', `${place(r.row)}wave ${r.wave} differs from wave ${wave} of the rows above; import one wave per file.`, { row: r.row }));
      return;
    }
    const cityId = cityIds.get(cityKey(r.city, r.country)) ?? (await resolveCity(r.city, r.country, r.row));
    respondents++;
    aggregates.add(cityId, r.weight, r.segments, r.answers);
    writer!.add({
      row: r.row,
      cityId,
      key: r.key,
      segments: r.segments ? JSON.stringify(r.segments) : null,
      texts: r.texts ? JSON.stringify(r.texts) : null,
      weight: r.weight,
      answers: encodeAnswers(r.answers),
    });
  };

  const parseText = async (text: string, last: boolean) => {
    const aggregate = partial + text;
    const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    const result = parser.parse(aggregate, base, !last) as Papa.ParseResult<string[]>;
    const quoteError = result.errors.find((e) => e.type === 'Quotes');
    if (quoteError) {
      throw refusal([issueError('csv-quotes', `Row ${recordIndex + (quoteError.row ?? 0) + rowOffset}: a quoted field is not closed. Check the quotes in that row.`)]);
    }
    if (!last) {
      partial = aggregate.slice(result.meta.cursor - base);
      base = result.meta.cursor;
      if (partial.length > MAX_OPEN_RECORD) {
        throw refusal([issueError('csv-quotes', `Row ${recordIndex + rowOffset}: a quoted field is not closed. Check the quotes in that row.`)]);
      }
    }
    for (const fields of result.data) {
      await handleRecord(fields, recordIndex + rowOffset);
      recordIndex++;
    }
  };

  try {
    try {
      let offset = 0;
      for await (const chunk of stream) {
        const bytes = chunk as Buffer;
        let body = bytes;
        if (decode === null) {
          let sniffed: ReturnType<typeof sniffEncoding>;
          try {
            sniffed = sniffEncoding(bytes);
          } catch (error) {
            if (isDomainError(error)) throw refusal([issueError(error.code, error.message)]);
            throw error;
          }
          if (sniffed.encoding.startsWith('utf-16')) [encoding, body] = [sniffed.encoding, bytes.subarray(sniffed.bom)];
          else encoding ??= 'utf-8';
          decode = makeDecoder(encoding!);
        }
        if (!encoding!.startsWith('utf-16')) {
          const nul = bytes.indexOf(0);
          if (nul >= 0) {
            const error = nulByteError(offset + nul);
            throw refusal([issueError(error.code, error.message)]);
          }
        }
        offset += bytes.length;
        hash.update(bytes);
        if (!gzip.write(bytes)) await once(gzip, 'drain');
        let text = decode(body);
        if (base === 0 && partial === '' && recordIndex === 0) {
          const found = detectDelimiter(text);
          delimiter = found.delimiter;
          if (found.sepLine) {
            text = text.replace(/^sep=.\r?\n?/i, '');
            rowOffset = 2;
          }
          newline = /\r\n/.test(text.slice(0, 65536)) ? '\r\n' : !text.slice(0, 65536).includes('\n') && text.includes('\r') ? '\r' : '\n';
        }
        await parseText(text, false);
        flushParts(importId, false);
      }
      if (decode === null) throw refusal([issueError('file-empty', 'The file is empty: it has no header line.')]);
      await parseText(decode(Buffer.alloc(0)), true);
    } catch (error) {
      if (isDomainError(error)) throw refusal([issueError(error.code, error.message)]);
      throw error;
    }
    summary.encoding = encoding;
    summary.delimiter = delimiter === '\t' ? 'TAB' : delimiter;
    if (encoding === 'windows-1252') {
      warnings.unshift(issueWarning('encoding-windows-1252', 'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented names; save as CSV UTF-8 to avoid this.'));
    }
    if (header === null) throw refusal([issueError('file-empty', 'The file is empty: it has no header line.')]);
    (writer as RespondentBulkWriter | null)?.flush();
    const tooMany = invalidShareIssue(ctx!.counts);
    if (tooMany) errors.push(tooMany);
    if (records === 0) errors.push(issueError('file-no-rows', 'The file has a header but no data rows.'));
    summary.sha256 = hash.digest('hex');
    summary.wave = wave ?? request.wave ?? null;
    const counted = {
      respondents,
      answers: ctx!.counts.answers,
      invalidCells: ctx!.counts.invalidCells,
      cities: { matched: [...matched].sort(), added: [...added].sort() },
    };
    const duplicate = await db
      .selectFrom('imports')
      .select(['id', 'file_name', 'created_at'])
      .where('sha256', '=', summary.sha256)
      .where('status', '=', 'committed')
      .executeTakeFirst();
    if (duplicate) {
      tx.rollback();
      return done({ errors: [issueError('duplicate-file', `This file was already imported (import #${duplicate.id}, "${duplicate.file_name}", ${duplicate.created_at}); undo that import first to load it again.`)] });
    }
    if (errors.size > 0 || request.dryRun || importId === null) {
      tx.rollback();
      return done(counted);
    }
    const id: number = importId;
    gzip.end();
    await once(gzip, 'end');
    flushParts(id, true);
    await writeImportAggregates(db, id, waveId!, aggregates);
    const storedWarnings = warnings.list();
    await db
      .updateTable('imports')
      .set({
        sha256: summary.sha256,
        respondents,
        answers: counted.answers,
        warnings: warnings.size,
        invalid_cells: counted.invalidCells,
        issues: JSON.stringify(storedWarnings),
      })
      .where('id', '=', id)
      .execute();
    tx.commit();
    return { ...done(counted), importId: id };
  } catch (error) {
    tx.rollback();
    if (isRefusal(error)) return done({ errors: error.errors });
    throw error;
  } finally {
    stream.destroy();
    gzip.destroy();
  }
}

/** Issues in file order, the first MAX_LISTED_ISSUES kept; `size` counts all of them. */
class IssueList {
  private readonly items: ImportIssue[] = [];
  private extra = 0;

  get size(): number {
    return this.items.length + this.extra;
  }

  push(issue: ImportIssue): void {
    if (this.items.length < MAX_LISTED_ISSUES) this.items.push(issue);
    else this.extra++;
  }

  unshift(issue: ImportIssue): void {
    this.items.unshift(issue);
  }

  /** In row order (file-level issues last): the bulk writer reports duplicates when its batch is stored. */
  list(): ImportIssue[] {
    const items = [...this.items].sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
    if (this.extra === 0) return items;
    const severity = this.items[0]!.severity;
    const more = { severity, code: 'more-issues', message: `… and ${this.extra} more ${severity === 'error' ? 'errors' : 'warnings'} like these (only the first ${MAX_LISTED_ISSUES} are listed).` } as const;
    return [...items, more];
  }
}
