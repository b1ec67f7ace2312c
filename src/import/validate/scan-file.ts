import { createHash } from 'node:crypto';
import type { Instrument } from '../../domain/instrument.js';
import { parseAnswer } from '../../domain/answer-value.js';
import { foldKey, isPlainText } from '../../domain/text-key.js';
import type { ByteSource } from '../read/byte-source.js';
import { arrayCells, cellsBlank, cellTexts, type Cells } from '../read/cells.js';
import { decodeStream, sniffEncoding, type TextEncoding } from '../read/decode-stream.js';
import { readHeaderRows } from '../read/header-rows.js';
import { issueError, issueWarning, place, type ImportIssue } from '../import-issue.js';
import type { IssueList } from '../issue-list.js';
import { LongFormatCollector } from './long-format.js';
import { mapColumns } from '../read/map-columns.js';
import { openRecordStream, type RecordStream } from '../read/record-stream.js';
import { locateInSheet, readWholeFile, readWorkbook, workbookKind, type WorkbookSheet } from '../read/workbook.js';
import {
  emptyCounts,
  invalidColumnIssues,
  invalidShareIssue,
  newRowContext,
  readRespondent,
  type FixedFields,
  type ParsedRespondent,
  type RowCounts,
} from './read-respondents.js';
import type { ColumnMap } from '../read/map-columns.js';

/** What one pass over the file found (the respondents themselves went to `ScanHooks.respondent`). */
export interface Scan {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly encoding: TextEncoding | null;
  readonly delimiter: string | null;
  readonly format: string | null;
  /** The sheet read, when the file is a workbook (type: xlsx, xls, ods). */
  readonly sheet: { readonly name: string; readonly type: string } | null;
  /** The wave of the rows (the first valid row's), or the wave given. */
  readonly wave: number | null;
  readonly counts: RowCounts;
}

/** Where a scan's findings go as it reads. */
export interface ScanHooks {
  /** Each valid respondent of the file's wave, in file order (awaited: backpressure). */
  respondent(r: ParsedRespondent): void | Promise<void>;
  /** Every byte of the file as read, in order (the caller keeps the original); awaited: backpressure. */
  bytes?(chunk: Uint8Array): void | Promise<void>;
  /**
   * When given, `bytes` hashes what it is handed (on the import's worker, off this thread) and this
   * gives the SHA-256 of every byte after the last; otherwise the pass hashes them itself.
   */
  sha256?(): Promise<string>;
  readonly errors: IssueList;
  readonly warnings: IssueList;
  /** The column map's names, once the header is read (for messages about stored rows); id null: ids are row numbers. */
  columns?(names: { readonly id: string | null }): void;
  /** Rows so far, bytes so far. */
  progress?(rows: number, bytesRead: number, done: boolean): void;
}

export interface ScanOptions {
  /** The wave given on import (files without a wave column). */
  readonly wave?: number;
  /** The sheet of a workbook to read (default: the first). */
  readonly sheet?: string;
  /** City, country, unfinished responses: as given on import. */
  readonly fixed?: FixedFields;
  readonly now: Date;
}

const PROGRESS_EVERY = 5000;

/** foldKey(text) === key, without building the folded text for the cells that cannot match (nearly all: ids). */
function sameKey(text: string, key: string): boolean {
  if (isPlainText(text)) return text.length === key.length && text.toLowerCase() === key;
  return foldKey(text) === key;
}

/** Hash and size of every byte a pass reads, each chunk also handed to `hooks.bytes` (the kept original). */
function byteSink(hooks: ScanHooks) {
  const hash = hooks.sha256 ? null : createHash('sha256');
  let size = 0;
  return {
    add(chunk: Uint8Array): void | Promise<void> {
      hash?.update(chunk);
      size += chunk.byteLength;
      return hooks.bytes?.(chunk);
    },
    get size() {
      return size;
    },
    async finish(): Promise<{ sha256: string; sizeBytes: number }> {
      return { sha256: hash ? hash.digest('hex') : await hooks.sha256!(), sizeBytes: size };
    },
  };
}

/** The first bytes of a source (at least 8 when there are: for the signature and BOM). */
async function readHead(source: ByteSource): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    parts.push(Buffer.from(chunk)); // a copy: the source reuses its buffer
    size += chunk.byteLength;
    if (size >= 8) break;
  }
  return Buffer.concat(parts);
}

/** The sha256 and size of a file refused before any row was read, so the summary names it. */
export async function hashSource(source: ByteSource): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of source.open()) {
    hash.update(chunk);
    sizeBytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/**
 * One streaming pass: decode → records → header rows and column map → every
 * record validated as it is read (`readRespondent`) and handed to
 * `hooks.respondent`: neither the file's text nor its rows are kept (long
 * format excepted: its rows are gathered per respondent first). Problems go
 * to `hooks.errors` / `hooks.warnings` with row and column. Throws NotUtf8
 * when a file without BOM turns out not to be UTF-8 (the caller reads it
 * again as windows-1252, from the start, in a fresh transaction), and
 * DomainError for a file refused as a whole (binary, unclosed quote).
 */
export async function scanFile(
  source: ByteSource,
  instrument: Instrument,
  options: ScanOptions,
  hooks: ScanHooks,
  forced: TextEncoding | null,
): Promise<Scan> {
  const head = await readHead(source);
  const sink = byteSink(hooks);
  const kind = workbookKind(head);
  if (kind) {
    // A workbook is parsed whole, in memory (within readWorkbook's limits), whatever its file name says.
    const bytes = await readWholeFile(source, (chunk) => sink.add(chunk));
    const sheet = readWorkbook(bytes, kind, options.sheet);
    return pass(sheet.records, instrument, options, hooks, { encoding: null, sheet }, sink);
  }
  const sniffed = sniffEncoding(head);
  const encoding = forced ?? sniffed.encoding;
  if (forced === 'windows-1252') {
    hooks.warnings.push(
      issueWarning(
        'encoding-windows-1252',
        'The file is not valid UTF-8; it was read as Windows-1252 (Western European). Check accented names; save as CSV UTF-8 to avoid this.',
      ),
    );
  }
  const text = decodeStream(source, encoding, sniffed.bom, (chunk) => sink.add(chunk));
  return pass(await openRecordStream(text), instrument, options, hooks, { encoding, sheet: null }, sink);
}

async function pass(
  records: RecordStream,
  instrument: Instrument,
  options: ScanOptions,
  hooks: ScanHooks,
  read: { encoding: TextEncoding | null; sheet: WorkbookSheet | null },
  sink: ReturnType<typeof byteSink>,
): Promise<Scan> {
  const { sheet, encoding } = read;
  const { errors, warnings } = hooks;
  let header: readonly string[] = [];
  if (sheet) {
    // Issues about a cell of the sheet name it as a spreadsheet does: "Sheet1!D7".
    const locate = (issue: ImportIssue) =>
      locateInSheet(issue, sheet, (name) => header.findIndex((h) => h.trim() === name));
    errors.locate = locate;
    warnings.locate = locate;
  }
  const progress = (rows: number, done: boolean) => hooks.progress?.(rows, sink.size, done);
  const delimiter = sheet ? null : records.delimiter;
  let rows = 0;
  const result = async (
    format: string | null,
    wave: number | null = null,
    counts: RowCounts = emptyCounts(),
  ): Promise<Scan> => {
    for await (const _ of records.batches());
    progress(rows, true);
    return {
      ...(await sink.finish()),
      encoding,
      delimiter,
      format,
      wave,
      counts,
      sheet: sheet ? { name: sheet.name, type: sheet.type } : null,
    };
  };

  const head = await readHeaderRows(records);
  if (!head) {
    errors.push(issueError('file-empty', 'The file is empty: it has no header line.'));
    return result(null);
  }
  header = head.header.fields;
  const fixed = options.fixed ?? {};
  const given = {
    wave: options.wave !== undefined,
    city: fixed.city !== undefined,
    country: fixed.country !== undefined,
  };
  const columns = mapColumns(head.header.fields, instrument, { given, extraHeaders: head.extra });
  const format = columns.long ? 'long' : head.format === 'plain' ? 'wide' : head.format;
  for (const issue of columns.issues) (issue.severity === 'error' ? errors : warnings).push(issue);
  if (errors.size > 0) return result(format);

  const long = columns.long ? new LongFormatCollector(instrument, columns.long) : null;
  const map = long ? long.wideMap : columns.map;
  hooks.columns?.({ id: map.id >= 0 ? map.names[map.id]! : null });
  const ctx = newRowContext(instrument, map, options.now.getUTCFullYear(), options.wave, fixed);
  const questionText = questionTextRow(instrument, map);
  const drainIssues = () => {
    for (const issue of ctx.issues) (issue.severity === 'error' ? errors : warnings).push(issue);
    ctx.issues.length = 0;
  };
  // The header repeated further down: compared field by field only when the id column holds the header's id name.
  const headerKey = head.written.map(foldKey).join('\u0000');
  const idAt = long ? columns.long!.id : map.id;
  const headerId = idAt >= 0 ? foldKey(head.written[idAt] ?? '') : null;
  let wave: number | null = null;
  let dataRows = 0;

  /** Hands a valid respondent on (a file may hold several waves); a promise only when the receiver went to the database asynchronously. */
  const deliver = (r: ParsedRespondent): void | Promise<void> => {
    if (wave === null) wave = r.wave;
    return hooks.respondent(r);
  };
  const take = (row: number, cells: Cells): void | Promise<void> => {
    if (cellsBlank(cells)) return;
    dataRows++;
    if (
      cells.length === head.written.length &&
      (headerId === null || sameKey(cells.text(idAt), headerId)) &&
      cellTexts(cells).map(foldKey).join('\u0000') === headerKey
    ) {
      errors.push(
        issueError(
          'header-repeated',
          `Row ${row} repeats the header line: were two exports pasted together? Remove the second header.`,
          { row },
        ),
      );
      return;
    }
    if (dataRows <= 3 && !long && questionText(cells)) {
      dataRows--;
      warnings.push(
        issueWarning(
          'header-row-skipped',
          `Row ${row} holds the questions' texts, not answers: read as a header row.`,
          { row },
        ),
      );
      return;
    }
    if (++rows % PROGRESS_EVERY === 0) progress(rows, false);
    if (long) {
      long.add(row, cellTexts(cells), ctx.issues);
      if (ctx.issues.length > 0) drainIssues();
      return;
    }
    const respondent = readRespondent(ctx, row, cells);
    if (ctx.issues.length > 0) drainIssues();
    return respondent ? deliver(respondent) : undefined;
  };
  for (const r of head.data) await take(r.row, arrayCells(r.fields));
  for await (const batch of records.batches()) {
    for (const r of batch) {
      const pending = take(r.row, r.cells);
      if (pending) await pending;
    }
  }
  if (long) {
    const gathered = long.finish();
    drainIssues();
    if (gathered.warning) warnings.push(gathered.warning);
    for (const g of gathered.records) {
      const respondent = readRespondent(ctx, g.row, arrayCells(g.fields), g.cellRows);
      drainIssues();
      if (respondent) await deliver(respondent);
    }
  }
  for (const issue of invalidColumnIssues(ctx)) errors.push(issue);
  const tooMany = invalidShareIssue(ctx.counts);
  if (tooMany) errors.push(tooMany);
  if (ctx.counts.incomplete > 0) {
    const column = map.names[map.completion]!;
    warnings.push(
      issueWarning(
        'responses-unfinished',
        `${ctx.counts.incomplete} unfinished response${ctx.counts.incomplete > 1 ? 's were' : ' was'} left out (column "${column}"); import with --include-incomplete to keep them.`,
        { column },
      ),
    );
  }
  if (ctx.counts.testResponses > 0) {
    const column = map.names[map.status]!;
    warnings.push(
      issueWarning(
        'responses-test',
        `${ctx.counts.testResponses} test or preview response${ctx.counts.testResponses > 1 ? 's are' : ' is'} included (column "${column}"); remove them in the survey tool if they should not count.`,
        { column },
      ),
    );
  }
  if (dataRows === 0) errors.push(issueError('file-no-rows', 'The file has a header but no data rows.'));
  return result(format, wave ?? options.wave ?? null, ctx.counts);
}

/**
 * A test for a record that is really a header row (a tool's question texts
 * or labels under its codes, as SoSci and Qualtrics write them): every
 * question cell filled and none an answer, a missing code or a number. Only
 * the first few records are tested: a header row is never stored as a respondent.
 */
function questionTextRow(instrument: Instrument, map: ColumnMap): (cells: Cells) => boolean {
  return (cells) => {
    if (map.questions.length === 0) return false;
    for (let q = 0; q < map.questions.length; q++) {
      const cell = cells.text(map.questions[q]!).trim();
      if (
        cell === '' ||
        /^[+-]?\d+([.,]\d+)?$/.test(cell) ||
        parseAnswer(cell, instrument.questions[q]!, instrument).kind !== 'invalid'
      )
        return false;
    }
    return true;
  };
}
