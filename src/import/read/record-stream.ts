import { DomainError } from '../../domain/domain-error.js';
import { arrayCells, cellTexts } from './cells.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';
import { SpanBuffers, splitRecords, type DataRecord, type OpenRecord } from './split-records.js';

/** One record of the file with its row number as a spreadsheet shows it (header = row 1). */
export interface FileRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

export type { DataRecord } from './split-records.js';

export interface RecordStream {
  readonly delimiter: Delimiter;
  /** The records, one at a time (the header rows) … */
  next(): Promise<IteratorResult<FileRecord, undefined>>;
  /** … then the rest in batches (one per parsed window: no promise per record). */
  batches(): AsyncGenerator<readonly DataRecord[]>;
}

/** Larger than a decoded piece (64 KiB reads and the rest of a line), which is then split whole. */
const PARSE_WINDOW = 96 * 1024;
const LF = 10;
/** A record still open after this many characters is an unclosed quote, not a field. */
const MAX_OPEN_RECORD = 16 << 20;

/** A record still open past `MAX_OPEN_RECORD`: an unclosed quote, named by row and column. */
function tooLong(open: OpenRecord | null, names: readonly string[] | null): DomainError {
  const field = open?.quotedField ?? -1;
  const name = field >= 0 ? names?.[field] : undefined;
  const column = field >= 0 ? `, column ${field + 1}${name ? ` (${name.trim()})` : ''}` : '';
  return new DomainError(
    'csv-quotes',
    `Row ${open?.row ?? '?'}${column}: a quoted field is not closed (the record runs past ${MAX_OPEN_RECORD >> 20} MiB). Check the quotes in that row.`,
  );
}

/** Enough text to see the whole first line (or an Excel `sep=` line and the header after it). */
function headComplete(text: string): boolean {
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted && ++lines === 2) return true;
  }
  return false;
}

/**
 * LF-normalised text chunks → records, split in place (`splitRecords`: quoted
 * or not, no string per field). The delimiter comes from an Excel `sep=` line
 * (not a row: Excel hides it) or the header line, never from data. A record
 * that is still open at a window's end waits for more text, so quoted fields
 * may hold delimiters, quotes and newlines anywhere in the file. Blank
 * records are yielded too (the caller skips them, keeping row numbers right).
 * `options.window`: the characters split at a time (tests set it small to
 * put window edges everywhere).
 */
export async function openRecordStream(
  chunks: AsyncIterable<string>,
  options: { readonly window?: number } = {},
): Promise<RecordStream> {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending = '';
  let done = false;
  while (!done && !headComplete(pending) && pending.length < 1 << 20) {
    const next = await iterator.next();
    if (next.done) done = true;
    else pending += next.value;
  }
  const { delimiter, sepLine } = detectDelimiter(pending);
  if (sepLine) pending = pending.replace(/^sep=.\n?/i, '');
  const delimiterCode = delimiter.charCodeAt(0);
  const spans = new SpanBuffers();
  /** The first record's fields (the header, mostly): column names for messages about quotes. */
  let names: readonly string[] | null = null;

  let row = 1;
  /**
   * Splits `pending` as it comes: each piece of decoded text usually ends at
   * a line end (decode-stream.ts) and is split whole, as the flat string it
   * is (characters are read fastest from one), leaving at most an unfinished
   * record to glue to the next piece. Text longer than the window (after such
   * glueing, or with the small windows tests use) is split a window at a
   * time, so few records are alive at once: the garbage collector copies live
   * objects, and a whole 256 KiB chunk of them made it copy (and promote)
   * thousands. A record longer than the window (a long quoted comment) widens it.
   */
  async function* parsed(): AsyncGenerator<DataRecord[]> {
    const size = options.window ?? PARSE_WINDOW;
    let window = size;
    let more = pending.length === 0;
    for (;;) {
      if (more && !done) {
        const next = await iterator.next();
        if (next.done) done = true;
        else pending += next.value;
        // Text that does not end at a line end is gathered up to a window first (no record split again and again).
        more = pending.length <= window && pending.charCodeAt(pending.length - 1) !== LF;
        continue;
      }
      const last = done && pending.length <= window;
      // The file ended just after a line end split before: the empty record after it, as papaparse gives it.
      if (last && pending === '' && row > 1) {
        yield [{ row, cells: arrayCells(['']) }];
        return;
      }
      const input = pending.length <= window ? pending : pending.slice(0, window);
      const { records, cursor, open } = splitRecords(input, delimiterCode, last, row, spans, names);
      row += records.length;
      if (names === null && records.length > 0) names = cellTexts(records[0]!.cells);
      pending = last ? '' : pending.slice(cursor);
      if (records.length > 0) {
        window = size;
        more = pending.length <= window;
        yield records;
      } else if (!last) {
        if (done || pending.length > window) {
          window *= 2;
          if (window > MAX_OPEN_RECORD) throw tooLong(open, names);
        } else more = true;
      }
      if (last) return;
    }
  }
  const source = parsed();
  let current: readonly DataRecord[] = [];
  let at = 0;
  return {
    delimiter,
    async next() {
      while (at >= current.length) {
        const more = await source.next();
        if (more.done) return { done: true, value: undefined };
        [current, at] = [more.value, 0];
      }
      const { row, cells } = current[at++]!;
      return { done: false, value: { row, fields: cellTexts(cells) } };
    },
    async *batches() {
      if (at < current.length) yield current.slice(at);
      at = current.length;
      yield* source;
    },
  };
}
