import { DomainError } from '../../domain/domain-error.js';
import { cellTexts, SpanCells, type Cells } from './cells.js';

/** A data record: its cells read in place from the window's text. */
export interface DataRecord {
  readonly row: number;
  readonly cells: Cells;
}

/** Where a record left unfinished at the end of a window began: its row, and the field whose quote is still open. */
export interface OpenRecord {
  readonly row: number;
  /** 0-based index of the field whose quotes are still open; -1 when the record is only missing its line end. */
  readonly quotedField: number;
}

export interface SplitResult {
  readonly records: DataRecord[];
  /** Where the first unfinished record begins: the text before it is done with. */
  readonly cursor: number;
  readonly open: OpenRecord | null;
}

const QUOTE = 34;
const LF = 10;

/**
 * Field spans of a stream's windows, two buffers used in turn: a window's
 * records are read before the one after next is split (the stream hands out
 * one batch at a time). Reused rather than one array per window.
 */
export class SpanBuffers {
  private readonly buffers = [new Int32Array(1 << 17), new Int32Array(1 << 17)];
  private turn = 0;

  /** The next buffer, at least `size` long. */
  next(size: number): Int32Array {
    this.turn ^= 1;
    if (this.buffers[this.turn]!.length < size) this.buffers[this.turn] = new Int32Array(size);
    return this.buffers[this.turn]!;
  }
}

/** The whitespace `String.prototype.trim` removes (line ends excepted: the text has only LF, a record end). */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** "Row 12, column 7 (Q03): " — the column by number, and by its header name when known. */
function where(row: number, field: number, names: readonly string[] | null): string {
  const name = names?.[field];
  return `Row ${row}, column ${field + 1}${name ? ` (${name.trim()})` : ''}: `;
}

/** The header's names when the window began at the file's first record. */
const headerOf = (records: readonly DataRecord[]) => (records[0]?.row === 1 ? cellTexts(records[0].cells) : null);

/**
 * Splits LF-normalised CSV text into records in place, as RFC 4180 and
 * papaparse read it: a field that starts with `"` runs to the next lone `"`
 * (delimiters, newlines and doubled quotes `""` inside it are its text;
 * spaces between the closing quote and the delimiter are dropped, as
 * papaparse does); a quote anywhere else is an ordinary character. Each
 * field is two numbers in `spans` (start, end; a quoted field holding
 * doubled quotes has its end stored as `~end`), so no string is made per
 * field. Only records ended by a newline are given, unless `last`: the
 * unfinished record waits for more text (`cursor`, `open`). Malformed quoting
 * throws `csv-quotes` naming row and column.
 * @example splitRecords('a,"b ""c"""\n', 44, true, 1, spans, null).records[0].cells.text(1) // => 'b "c"'
 */
export function splitRecords(
  input: string,
  delimiter: number,
  last: boolean,
  firstRow: number,
  spans: SpanBuffers,
  names: readonly string[] | null,
): SplitResult {
  const records: DataRecord[] = [];
  const len = input.length;
  if (len === 0) return { records, cursor: 0, open: null };
  // At most one field per character plus one, two numbers each.
  const b = spans.next(2 * len + 4);
  let n = 0;
  let recordAt = 0;
  let recordStart = 0;
  let row = firstRow;
  let i = 0;
  for (;;) {
    // At the start of a field.
    if (i === len) {
      if (!last) return { records, cursor: recordStart, open: { row, quotedField: -1 } };
      b[n++] = len;
      b[n++] = len;
      records.push({ row, cells: new SpanCells(input, b, recordAt, (n - recordAt) >> 1) });
      return { records, cursor: len, open: null };
    }
    let c = input.charCodeAt(i);
    if (c !== QUOTE) {
      const start = i;
      while (c !== delimiter && c !== LF) {
        if (++i === len) break;
        c = input.charCodeAt(i);
      }
      b[n++] = start;
      b[n++] = i;
      if (i === len) {
        if (!last) return { records, cursor: recordStart, open: { row, quotedField: -1 } };
        records.push({ row, cells: new SpanCells(input, b, recordAt, (n - recordAt) >> 1) });
        return { records, cursor: len, open: null };
      }
      i++;
      if (c === LF) {
        records.push({ row: row++, cells: new SpanCells(input, b, recordAt, (n - recordAt) >> 1) });
        recordAt = n;
        recordStart = i;
      }
      continue;
    }
    // A quoted field: find its closing quote, stepping over doubled ones.
    const start = i + 1;
    let close = start;
    let doubled = false;
    for (;;) {
      close = input.indexOf('"', close);
      if (close === -1 || (close === len - 1 && !last)) {
        if (last) {
          throw new DomainError(
            'csv-quotes',
            `${where(row, (n - recordAt) >> 1, names ?? headerOf(records))}a quoted field is not closed: it runs to the end of the file. Check the quotes in that row.`,
          );
        }
        return { records, cursor: recordStart, open: { row, quotedField: (n - recordAt) >> 1 } };
      }
      if (close + 1 < len && input.charCodeAt(close + 1) === QUOTE) {
        doubled = true;
        close += 2;
        continue;
      }
      break;
    }
    b[n++] = start;
    b[n++] = doubled ? ~close : close;
    i = close + 1;
    c = i < len ? input.charCodeAt(i) : -1;
    if (c !== delimiter && c !== LF && c !== -1) {
      while (i < len && c !== delimiter && isSpace(c)) c = ++i < len ? input.charCodeAt(i) : -1;
      if (c !== delimiter && c !== LF && c !== -1) {
        const field = (n - recordAt) / 2 - 1;
        const shown = input.slice(start - 1, Math.min(len, i + 1, start + 40));
        throw new DomainError(
          'csv-quotes',
          `${where(row, field, names ?? headerOf(records))}text follows the closing quote of a quoted field (${shown}…). Inside quotes, write each " as "".`,
        );
      }
    }
    if (c === -1) {
      if (!last) return { records, cursor: recordStart, open: { row, quotedField: -1 } };
      records.push({ row, cells: new SpanCells(input, b, recordAt, (n - recordAt) >> 1) });
      return { records, cursor: len, open: null };
    }
    i++;
    if (c === LF) {
      records.push({ row: row++, cells: new SpanCells(input, b, recordAt, (n - recordAt) >> 1) });
      recordAt = n;
      recordStart = i;
    }
  }
}
