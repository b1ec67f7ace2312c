import { createRequire } from 'node:module';
import type * as SheetJs from '@e965/xlsx';
import { DomainError } from '../../domain/domain-error.js';
import type { ImportIssue } from '../import-issue.js';
import type { ByteSource } from './byte-source.js';
import { arrayCells } from './cells.js';
import type { DataRecord, FileRecord, RecordStream } from './record-stream.js';
import { encodeColumn, readXlsxSheet, sheetNotFound } from './xlsx-reader.js';

/**
 * A workbook is read whole, in memory (unlike CSV). An .xlsx goes through the
 * fast reader: memory grows with the file, the sheet's unpacked XML and its
 * cells' texts. .xls, .ods (and .xlsx the fast reader leaves) go through
 * SheetJS: an object per cell on top. These limits bound both; docs/import.md
 * gives the figures.
 * A workbook larger than this is refused before it is parsed.
 */
export const MAX_WORKBOOK_BYTES = 64 << 20;
/** The sum of a zipped workbook's (xlsx, ods) parts once decompressed, checked before unpacking: a small file can unpack to gigabytes. */
export const MAX_UNZIPPED_BYTES = 256 << 20;
/** Rows × columns of the sheet read: 100,000 respondents × 50 columns. */
export const MAX_CELLS = 5_000_000;

/**
 * A workbook file's bytes in one buffer, each chunk also handed to `onChunk`
 * (awaited). Past `MAX_WORKBOOK_BYTES` it stops, one byte over the limit, so
 * `readWorkbook` refuses it. When the size is known the chunks are copied
 * straight into one buffer of that size: a copy of each chunk and then their
 * concatenation held the file twice at the peak.
 */
export async function readWholeFile(
  source: ByteSource,
  onChunk: (chunk: Uint8Array) => void | Promise<void> = () => {},
): Promise<Buffer> {
  const limit = MAX_WORKBOOK_BYTES + 1;
  let out = Buffer.allocUnsafe(Math.min(source.size ?? 1 << 20, limit));
  let size = 0;
  for await (const chunk of source.open()) {
    const n = Math.min(chunk.byteLength, limit - size);
    if (size + n > out.length) {
      const wider = Buffer.allocUnsafe(Math.min(limit, Math.max(size + n, 2 * out.length)));
      out.copy(wider, 0, 0, size);
      out = wider;
    }
    out.set(chunk.subarray(0, n), size);
    size += n;
    const taken = onChunk(chunk);
    if (taken) await taken;
    if (size === limit) break;
  }
  return out.subarray(0, size);
}

const require = createRequire(import.meta.url);
let sheetJsModule: typeof SheetJs | undefined;
/** SheetJS is loaded when a workbook is read: a megabyte of code that a CSV import does not need in its heap. */
const sheetJs = (): typeof SheetJs => (sheetJsModule ??= require('@e965/xlsx') as typeof SheetJs);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (bytes: Uint8Array, sig: readonly number[]) => sig.every((b, i) => bytes[i] === b);

/** The workbook kind a file's first bytes announce (whatever its name says), or null for text. */
export function workbookKind(head: Uint8Array): 'zip' | 'ole2' | null {
  if (startsWith(head, ZIP)) return 'zip';
  if (startsWith(head, OLE2)) return 'ole2';
  return null;
}

/**
 * The decompressed size of a ZIP archive, from its central directory (the
 * sizes each entry declares): checked before anything is unpacked.
 */
export function unzippedSize(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 65_557); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    let entry = view.getUint32(at + 16, true);
    let total = 0;
    for (let i = 0; i < entries && entry + 46 <= bytes.byteLength; i++) {
      if (view.getUint32(entry, true) !== 0x02014b50) break;
      const size = view.getUint32(entry + 24, true);
      total += size === 0xffffffff ? Number.POSITIVE_INFINITY : size;
      entry +=
        46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
    }
    return total;
  }
  return 0;
}

export interface WorkbookSheet {
  readonly name: string;
  readonly type: string;
  /** The sheet's records from its header row on (title lines above it left out), as `RecordStream` gives them. */
  readonly records: RecordStream;
  /** "Sheet1!D7" for the sheet's row and 0-based column. */
  cell(row: number, column: number): string;
}

/** A cell's value as text: numbers as written by JavaScript (4, 3.5), dates as ISO date and time, booleans as true/false. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return String(value);
}

/**
 * Reads one sheet of an .xlsx, .xls or .ods workbook (SheetJS), the first
 * or the one named, as records like a CSV's: the header row is the first
 * of the top rows that fills at least half as many cells as the fullest of
 * them (EUSurvey writes title lines above it). An .xlsx goes through the
 * fast reader unless `sheetJs` (the tests' reference). Refuses workbooks over the
 * size, unpacked-size and cell limits, naming the limit.
 */
export function readWorkbook(
  bytes: Uint8Array,
  kind: 'zip' | 'ole2',
  sheetName?: string,
  options: { sheetJs?: boolean } = {},
): WorkbookSheet {
  if (bytes.byteLength > MAX_WORKBOOK_BYTES) {
    throw new DomainError(
      'workbook-too-large',
      `The workbook is larger than ${MAX_WORKBOOK_BYTES >> 20} MiB; save its sheet as CSV UTF-8 and import that (CSV files of any size are streamed).`,
    );
  }
  if (kind === 'zip' && unzippedSize(bytes) > MAX_UNZIPPED_BYTES) refuseUnzipped();
  if (kind === 'zip' && !options.sheetJs) {
    const fast = readXlsx(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), sheetName);
    if (fast) return fast;
  }
  const XLSX = sheetJs();
  let book: SheetJs.WorkBook;
  try {
    book = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: true,
      cellHTML: false,
      cellFormula: false,
      ...(sheetName ? { sheets: sheetName } : { sheets: 0 }),
    });
  } catch {
    throw new DomainError(
      'workbook-unreadable',
      'The file looks like a workbook (.xlsx, .xls or .ods) but could not be read; open it in a spreadsheet program and save it again, or save it as CSV UTF-8.',
    );
  }
  const name = sheetName ?? book.SheetNames[0];
  const sheet = name !== undefined ? book.Sheets[name] : undefined;
  if (!name || !sheet) throw sheetNotFound(sheetName, book.SheetNames);
  const range = XLSX.utils.decode_range(sheet['!ref'] ?? 'A1:A1');
  const cells = (range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1);
  if (cells > MAX_CELLS) {
    refuseCells(name, cells);
  }
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: '',
    blankrows: true,
    UTC: true,
  });
  const records: FileRecord[] = rows.map((values, i) => ({ row: range.s.r + i + 1, fields: values.map(cellText) }));
  const start = headerIndex(records);
  const body = records.slice(start);
  const cell = (row: number, column: number) => `${name}!${XLSX.utils.encode_col(range.s.c + column)}${row}`;
  return { name, type: book.bookType ?? kind, records: recordsOf(body), cell };
}

function refuseCells(name: string, cells: number): never {
  throw new DomainError(
    'workbook-too-large',
    `Sheet "${name}" spans ${cells.toLocaleString('en')} cells, more than ${MAX_CELLS.toLocaleString('en')}; save it as CSV UTF-8 and import that.`,
  );
}

function refuseUnzipped(): never {
  throw new DomainError(
    'workbook-too-large',
    `The workbook unpacks to more than ${MAX_UNZIPPED_BYTES >> 20} MiB; save its sheet as CSV UTF-8 and import that.`,
  );
}

/**
 * An .xlsx read by the fast reader (xlsx-reader.ts), or null where it leaves
 * the workbook to SheetJS (.ods, zip64, a sheet it does not read the same way).
 */
export function readXlsx(bytes: Buffer, sheetName?: string): WorkbookSheet | null {
  let sheet;
  try {
    sheet = readXlsxSheet(bytes, sheetName, {
      maxUnzipped: MAX_UNZIPPED_BYTES,
      maxCells: MAX_CELLS,
      refuseUnzipped,
      refuseCells,
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // XlsxFallback, or a part the reader could not make sense of: SheetJS reads it (or names what is wrong).
    return null;
  }
  const { name, range } = sheet;
  const records: FileRecord[] = sheet.rows.map((fields, i) => ({ row: range.s.r + i + 1, fields }));
  const body = records.slice(headerIndex(records));
  const cell = (row: number, column: number) => `${name}!${encodeColumn(range.s.c + column)}${row}`;
  return { name, type: 'xlsx', records: recordsOf(body), cell };
}

/** The first of the top 30 rows filling at least half as many cells as the fullest of them (and 2). */
function headerIndex(records: readonly FileRecord[]): number {
  const filled = records.slice(0, 30).map((r) => r.fields.filter((f) => f.trim() !== '').length);
  const most = Math.max(0, ...filled);
  const index = filled.findIndex((n) => n >= Math.max(2, Math.ceil(most / 2)));
  return index < 0 ? 0 : index;
}

const BATCH = 2000;
const RELEASED: FileRecord = { row: 0, fields: [] };

function recordsOf(records: FileRecord[]): RecordStream {
  let at = 0;
  return {
    delimiter: ',',
    async next() {
      if (at >= records.length) return { done: true, value: undefined };
      return { done: false, value: records[at++]! };
    },
    async *batches() {
      // In slices, each let go once given, so a large sheet is not held twice (as texts and as cells).
      while (at < records.length) {
        const end = Math.min(records.length, at + BATCH);
        const batch: DataRecord[] = [];
        for (; at < end; at++) {
          batch.push({ row: records[at]!.row, cells: arrayCells(records[at]!.fields) });
          (records as FileRecord[])[at] = RELEASED;
        }
        yield batch;
      }
    },
  };
}

/**
 * The issue located by its cell ("Sheet1!D7 (SOV01): …") where it names a
 * row and a column of the sheet; others unchanged.
 */
export function locateInSheet(
  issue: ImportIssue,
  sheet: WorkbookSheet,
  columnIndex: (name: string) => number,
): ImportIssue {
  if (issue.row === undefined || issue.column === undefined) return issue;
  const index = columnIndex(issue.column);
  if (index < 0) return issue;
  const prefix = `Row ${issue.row}, ${issue.column}: `;
  if (!issue.message.startsWith(prefix)) return issue;
  return {
    ...issue,
    message: `${sheet.cell(issue.row, index)} (${issue.column}): ${issue.message.slice(prefix.length)}`,
  };
}
