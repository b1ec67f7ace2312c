import Papa from 'papaparse';
import { DomainError } from '../../domain/domain-error.js';
import { arrayCells, cellTexts, LineCells, type Cells } from './cells.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';

/** One record of the file with its row number as a spreadsheet shows it (header = row 1). */
export interface FileRecord {
  readonly row: number;
  readonly fields: readonly string[];
}

/**
 * A data record: its cells read in place where the text allows (cells.ts).
 * Read them before asking for the batch after next: their bounds are reused.
 */
export interface DataRecord {
  readonly row: number;
  readonly cells: Cells;
}

export interface RecordStream {
  readonly delimiter: Delimiter;
  /** The records, one at a time (the header rows) … */
  next(): Promise<IteratorResult<FileRecord, undefined>>;
  /** … then the rest in batches (one per parsed window: no promise per record). */
  batches(): AsyncGenerator<readonly DataRecord[]>;
}

const PARSE_WINDOW = 32 * 1024;
/** A record still open after this many characters is an unclosed quote, not a field. */
const MAX_OPEN_RECORD = 16 << 20;

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
 * Field bounds of a stream's windows split in place (`splitQuoteFree`), two
 * buffers used in turn: a window's records are read before the one after
 * next is split (the stream hands out one batch at a time). Reused rather
 * than one array per window: a million rows made 4,000 of them.
 */
class BoundsBuffers {
  private readonly buffers = [new Int32Array(1 << 17), new Int32Array(1 << 17)];
  private turn = 0;

  /** The next buffer, at least `size` long. */
  next(size: number): Int32Array {
    this.turn ^= 1;
    if (this.buffers[this.turn]!.length < size) this.buffers[this.turn] = new Int32Array(size);
    return this.buffers[this.turn]!;
  }
}

/**
 * Papaparse's fast mode (a window without a quote character is split at
 * newlines, then at delimiters), done in place: records whose cells are read
 * from the window's text (`LineCells`) instead of one string per field. The
 * last line is a record only when `last`; before that it waits for more text.
 */
function splitQuoteFree(
  input: string,
  delimiter: number,
  last: boolean,
  firstRow: number,
  bounds: BoundsBuffers,
): { records: DataRecord[]; cursor: number } {
  if (input === '') return { records: [], cursor: 0 };
  const b = bounds.next(2 * input.length + 2);
  const starts: number[] = [];
  let n = 0;
  let lineStart = 0;
  b[n++] = 0;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === delimiter) b[n++] = i + 1;
    else if (c === 10) {
      b[n++] = i + 1;
      starts.push(lineStart);
      lineStart = n;
      b[n++] = i + 1;
    }
  }
  let used = lineStart; // up to the bound opening the unfinished last line
  if (last) {
    b[n++] = input.length + 1;
    starts.push(lineStart);
    used = n;
  }
  const records = starts.map((at, r): DataRecord => {
    const end = r + 1 < starts.length ? starts[r + 1]! - 1 : used - 1;
    return { row: firstRow + r, cells: new LineCells(input, b, at, end - at) };
  });
  return { records, cursor: last ? input.length : b[used]! };
}

/**
 * LF-normalised text chunks → records, parsed by papaparse's own incremental
 * parser (arrays, not `header: true`: 3.5× faster, and duplicate columns stay
 * visible), or in place where a window holds no quote (`splitQuoteFree`). The delimiter comes from an Excel `sep=` line (not a row: Excel
 * hides it) or the header line, never from data. A record that is still open
 * at a chunk's end waits for the next chunk, so quoted fields may hold
 * delimiters, quotes and newlines anywhere in the file. Blank records are
 * yielded too (the caller skips them, keeping row numbers right).
 */
export async function openRecordStream(chunks: AsyncIterable<string>): Promise<RecordStream> {
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
  const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
  const delimiterCode = delimiter.charCodeAt(0);
  const bounds = new BoundsBuffers();

  let row = 1;
  /**
   * Parses `pending` a window at a time (32 KiB ≈ 250 rows), so few parsed
   * rows are alive at once: the garbage collector copies live objects, and a
   * whole 256 KiB chunk of parsed rows made it copy (and promote) thousands.
   * A record longer than the window (a long quoted comment) widens it.
   */
  async function* parsed(): AsyncGenerator<DataRecord[]> {
    let window = PARSE_WINDOW;
    for (;;) {
      if (!done && pending.length <= window) {
        const next = await iterator.next();
        if (next.done) done = true;
        else pending += next.value;
        continue;
      }
      const last = done && pending.length <= window;
      const input = last ? pending : pending.slice(0, window);
      let batch: DataRecord[];
      let cursor: number;
      if (input.indexOf('"') === -1) {
        ({ records: batch, cursor } = splitQuoteFree(input, delimiterCode, last, row, bounds));
        row += batch.length;
      } else {
        const result = parser.parse(input, 0, !last) as Papa.ParseResult<string[]>;
        const quotes = result.errors.find((e) => e.type === 'Quotes');
        if (quotes) {
          throw new DomainError(
            'csv-quotes',
            `Row ${row + (quotes.row ?? 0)}: a quoted field is not closed. Check the quotes in that row.`,
          );
        }
        batch = result.data.map((fields) => ({ row: row++, cells: arrayCells(fields) }));
        cursor = result.meta.cursor;
      }
      pending = last ? '' : pending.slice(cursor);
      if (batch.length > 0) {
        window = PARSE_WINDOW;
        yield batch;
      } else if (!last) {
        window *= 2;
        if (window > MAX_OPEN_RECORD) {
          throw new DomainError(
            'csv-quotes',
            `Row ${row}: a quoted field is not closed (the record runs past ${MAX_OPEN_RECORD >> 20} MiB). Check the quotes in that row.`,
          );
        }
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
