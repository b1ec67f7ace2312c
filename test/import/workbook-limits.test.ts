import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import {
  MAX_CELLS,
  MAX_UNZIPPED_BYTES,
  MAX_WORKBOOK_BYTES,
  readWorkbook,
  unzippedSize,
} from '../../src/import/read/workbook.js';

/** A small real .xlsx: `ref` is the range its sheet declares, whatever cells it holds. */
function workbook(rows: unknown[][], ref?: string): Buffer {
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  if (ref) sheet['!ref'] = ref;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
}

/** The offsets of the ZIP's central directory entries (signature 0x02014b50). */
function centralEntries(bytes: Buffer): number[] {
  const at: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (bytes.readUInt32LE(i) === 0x02014b50) at.push(i);
  return at;
}

describe('workbook limits (a workbook is read whole, in memory)', () => {
  it('reads a workbook within the limits', () => {
    const sheet = readWorkbook(
      workbook([
        ['id', 'Q1'],
        ['r1', 3],
      ]),
      'zip',
    );
    expect(sheet.name).toBe('Sheet1');
  });

  it(`refuses a file over ${MAX_WORKBOOK_BYTES >> 20} MiB before parsing it`, () => {
    const bytes = Buffer.alloc(MAX_WORKBOOK_BYTES + 1);
    bytes.set([0x50, 0x4b, 0x03, 0x04]);
    expect(() => readWorkbook(bytes, 'zip')).toThrow(/larger than 64 MiB; save its sheet as CSV UTF-8/);
  });

  it(`refuses a ZIP whose parts unpack to more than ${MAX_UNZIPPED_BYTES >> 20} MiB, from its directory, before unpacking`, () => {
    const bytes = workbook([
      ['id', 'Q1'],
      ['r1', 3],
    ]);
    const entries = centralEntries(bytes);
    const before = unzippedSize(bytes);
    // The directory's declared uncompressed size (offset 24 of an entry) of one part, raised past the limit.
    bytes.writeUInt32LE(MAX_UNZIPPED_BYTES, entries[0]! + 24);
    expect(unzippedSize(bytes)).toBeGreaterThan(MAX_UNZIPPED_BYTES);
    expect(unzippedSize(bytes) - before).toBeLessThanOrEqual(MAX_UNZIPPED_BYTES);
    expect(() => readWorkbook(bytes, 'zip')).toThrow(
      expect.objectContaining({
        code: 'workbook-too-large',
        message: expect.stringContaining('unpacks to more than 256 MiB'),
      }),
    );
  });

  it(`refuses a sheet spanning more than ${MAX_CELLS.toLocaleString('en')} cells, naming its size`, () => {
    // Written uncompressed with a 2 × 2 range, then its declared range made A1:XFD999 (same length: the ZIP's
    // offsets hold): 16,384 columns × 999 rows, as a sheet claims before any of its cells is looked at.
    const sheet: XLSX.WorkSheet = { '!ref': 'XFC1:XFD2', XFC1: { t: 's', v: 'id' }, XFD2: { t: 'n', v: 3 } };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Sheet1');
    const written = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: false }) as Buffer;
    const bytes = Buffer.from(written.toString('latin1').replace('ref="XFC1:XFD2"', 'ref="A1:XFD999"'), 'latin1');
    expect(bytes.equals(written)).toBe(false);
    expect(() => readWorkbook(bytes, 'zip')).toThrow(
      'Sheet "Sheet1" spans 16,367,616 cells, more than 5,000,000; save it as CSV UTF-8 and import that.',
    );
  });
});
