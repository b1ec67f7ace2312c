import { arrayCells, cellsBlank, cellTexts } from './cells.js';
import type { ByteSource } from './byte-source.js';
import { decodeStream, NotUtf8, sniffEncoding, type TextEncoding } from './decode-stream.js';
import { readHeaderRows, type ExportFormat } from './header-rows.js';
import { openRecordStream, type RecordStream } from './record-stream.js';
import { readWholeFile, readWorkbook, workbookKind } from './workbook.js';

/** The first rows of a survey file, read as an import reads them (encodings, workbooks, header rows). */
export interface FileSample {
  readonly format: ExportFormat;
  /** Column names as the import matches them. */
  readonly header: readonly string[];
  /** Further header rows (question texts), as alternative names per column. */
  readonly extra: readonly (readonly string[])[];
  /** Up to `limit` data records (blank records skipped). */
  readonly rows: readonly (readonly string[])[];
}

async function head(source: ByteSource): Promise<Uint8Array> {
  for await (const chunk of source.open()) return chunk;
  return new Uint8Array();
}

/** Reads the header rows and the first `limit` data records of a file (CSV in any encoding the import reads, or a workbook). */
export async function readSample(
  source: ByteSource,
  options: { sheet?: string; limit?: number } = {},
): Promise<FileSample> {
  const first = await head(source);
  const kind = workbookKind(first);
  if (kind) {
    return sampleOf(readWorkbook(await readWholeFile(source), kind, options.sheet).records, options.limit ?? 5000);
  }
  const sniffed = sniffEncoding(first);
  const read = async (encoding: TextEncoding) =>
    sampleOf(await openRecordStream(decodeStream(source, encoding, sniffed.bom)), options.limit ?? 5000);
  try {
    return await read(sniffed.encoding);
  } catch (error) {
    if (error instanceof NotUtf8) return read('windows-1252');
    throw error;
  }
}

async function sampleOf(records: RecordStream, limit: number): Promise<FileSample> {
  const found = await readHeaderRows(records);
  if (!found) return { format: 'plain', header: [], extra: [], rows: [] };
  const rows: string[][] = found.data.map((r) => [...r.fields]);
  outer: for await (const batch of records.batches()) {
    for (const r of batch) {
      if (rows.length >= limit) break outer;
      if (!cellsBlank(r.cells)) rows.push(cellTexts(r.cells));
    }
  }
  return {
    format: found.format,
    header: found.header.fields.map((h) => h.trim()),
    extra: found.extra,
    rows: rows.filter((r) => !cellsBlank(arrayCells(r))),
  };
}
