import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import type { DomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { foldKey } from '../domain/text-key.js';
import type { ByteSource } from './byte-source.js';
import { decodeStream, sniffEncoding, type TextEncoding } from './decode-stream.js';
import { readHeaderRows } from './header-rows.js';
import { issueError, issueWarning, place, type ImportIssue } from './import-issue.js';
import type { ImportRequest } from './import-survey.js';
import { LongFormatCollector } from './long-format.js';
import { mapColumns } from './map-columns.js';
import { openRecordStream } from './record-stream.js';
import { invalidShareIssue, newRowContext, readRespondent, type ParsedRespondent, type RowCounts } from './read-respondents.js';

/** What one pass over the file found. */
export interface Scan {
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
export async function refusedScan(source: ByteSource, error: DomainError): Promise<Scan> {
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
export async function scanFile(source: ByteSource, instrument: Instrument, request: ImportRequest, forced: TextEncoding | null): Promise<Scan> {
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
