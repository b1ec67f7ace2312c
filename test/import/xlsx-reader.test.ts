import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { cellTexts } from '../../src/import/read/cells.js';
import { readWorkbook, readXlsx, type WorkbookSheet } from '../../src/import/read/workbook.js';
import { isDateFormat, readXlsxSheet } from '../../src/import/read/xlsx-reader.js';

/** Every record a sheet gives, through next() and batches() as the importer reads them. */
async function recordsOf(sheet: WorkbookSheet): Promise<{ row: number; fields: readonly string[] }[]> {
  const out: { row: number; fields: readonly string[] }[] = [];
  const first = await sheet.records.next();
  if (!first.done) out.push({ row: first.value.row, fields: first.value.fields });
  for await (const batch of sheet.records.batches()) {
    for (const r of batch) out.push({ row: r.row, fields: cellTexts(r.cells) });
  }
  return out;
}

/** The same workbook through SheetJS (the reference) and through the fast reader. */
async function both(bytes: Buffer, sheetName?: string) {
  const fast = readXlsx(bytes, sheetName);
  expect(fast, 'the fast reader read it (no fall back to SheetJS)').not.toBeNull();
  const reference = sheetJsSheet(bytes, sheetName);
  return { fast: fast!, fastRecords: await recordsOf(fast!), reference, referenceRecords: await recordsOf(reference) };
}

/** readWorkbook's SheetJS path: the workbook handed over as .ods-like bytes is not possible, so it is read with the fast path disabled. */
function sheetJsSheet(bytes: Buffer, sheetName?: string): WorkbookSheet {
  return readWorkbook(bytes, 'zip', sheetName, { sheetJs: true });
}

function write(sheets: Record<string, XLSX.WorkSheet>, options: XLSX.WritingOptions = {}): Buffer {
  const book = XLSX.utils.book_new();
  for (const [name, sheet] of Object.entries(sheets)) XLSX.utils.book_append_sheet(book, sheet, name);
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true, ...options }) as Buffer;
}

describe('fast .xlsx reader: the records SheetJS gives', () => {
  for (const fixture of ['eusurvey.xlsx', 'microsoft-forms.xlsx']) {
    it(`on fixtures/import/tools/${fixture}`, async () => {
      const bytes = readFileSync(`fixtures/import/tools/${fixture}`);
      const { fast, fastRecords, reference, referenceRecords } = await both(bytes);
      expect(fastRecords.length).toBeGreaterThan(1);
      expect(fastRecords).toEqual(referenceRecords);
      expect(fast.name).toBe(reference.name);
      expect(fast.cell(7, 3)).toBe(reference.cell(7, 3));
    });
  }

  it('on shared and inline strings, numbers, booleans, blanks, gaps, entities, errors and a title line', async () => {
    const rows = [
      ['Survey export <2026> & "friends"'],
      [],
      ['id', 'Q1', 'Q2', null, 'Q4', 'flag', 'note'],
      ['r1', 3, 2.5, null, -0.001, true, 'a & b < c'],
      ['r2', null, 1e21, 'x', 4, false, ' padded  '],
      [],
      ['r3', 0, null, null, null, null, 'Ünïcødé ✓ 日本'],
      ['r4', 7, 1.5e-7, null, 12345678901234, true, 'line\r\nbreak'],
    ];
    for (const bookSST of [true, false]) {
      const sheet = XLSX.utils.aoa_to_sheet(rows);
      sheet['H4'] = { t: 'e', v: 0x2a };
      sheet['!ref'] = 'A1:H9';
      const { fastRecords, referenceRecords } = await both(write({ Data: sheet }, { bookSST }));
      expect(fastRecords).toEqual(referenceRecords);
      // Hand-checked: the header is row 3; r2's blank Q1 stays in its column; the error cell reads as blank.
      expect(fastRecords[0]).toEqual({ row: 3, fields: ['id', 'Q1', 'Q2', '', 'Q4', 'flag', 'note', ''] });
      expect(fastRecords[2]!.fields.slice(0, 3)).toEqual(['r2', '', '1e+21']);
      expect(fastRecords[3]).toEqual({ row: 6, fields: [] });
      expect(fastRecords.at(-1)).toEqual({ row: 9, fields: [] });
    }
  });

  it('on dates and times (built-in and custom formats, 1904 dates) and a sheet chosen by name', async () => {
    const dated = XLSX.utils.aoa_to_sheet([
      ['id', 'when', 'time', 'custom', 'quoted', 'plain'],
      ['r1', new Date(Date.UTC(2024, 1, 29)), 0.5, 45000.25, 45000, 45000],
      ['r2', new Date(Date.UTC(1900, 0, 1)), 0.999988, 60, 1, 2],
    ]);
    for (const [col, z] of [
      ['C', 'h:mm:ss'],
      ['D', 'yyyy-mm-dd hh:mm'],
      ['E', '"day"0'],
    ] as const) {
      for (const row of [2, 3]) dated[`${col}${row}`]!.z = z;
    }
    const other = XLSX.utils.aoa_to_sheet([['not', 'this']]);
    for (const date1904 of [false, true]) {
      const book = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(book, other, 'First');
      XLSX.utils.book_append_sheet(book, dated, 'Dates & times');
      book.Workbook = { WBProps: { date1904 } };
      const bytes = XLSX.write(book, { type: 'buffer', bookType: 'xlsx', cellDates: false }) as Buffer;
      const { fast, fastRecords, referenceRecords } = await both(bytes, 'Dates & times');
      expect(fast.name).toBe('Dates & times');
      expect(fastRecords).toEqual(referenceRecords);
      if (!date1904) {
        expect(fastRecords[1]!.fields).toEqual([
          'r1',
          '2024-02-29',
          '1899-12-31 12:00:00',
          '2023-03-15 06:00:00',
          '45000',
          '45000',
        ]);
      }
    }
  });

  it('on rich text runs and xml:space in shared strings', async () => {
    const base = write(
      {
        S: XLSX.utils.aoa_to_sheet([
          ['id', 'Q1'],
          ['x', 'y'],
        ]),
      },
      { bookSST: true },
    );
    // Rewrite the shared strings part by hand: a rich-text run pair, a phonetic run, xml:space and entities.
    const sst =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">' +
      '<si><t>id</t></si><si><r><rPr><b/></rPr><t>Q</t></r><r><t xml:space="preserve">1 &amp; more </t></r></si>' +
      '<si><t xml:space="preserve">  x&#233;_x0041_ </t></si><si><r><t>y</t></r><rPh sb="0" eb="1"><t>ruby</t></rPh></si></sst>';
    const bytes = replacePart(base, 'xl/sharedStrings.xml', sst);
    const { fastRecords, referenceRecords } = await both(bytes);
    expect(fastRecords).toEqual(referenceRecords);
    expect(fastRecords).toEqual([
      { row: 1, fields: ['id', 'Q1 & more '] },
      { row: 2, fields: ['  xéA ', 'y'] },
    ]);
  });

  it('on a hand-written sheet: inline strings, cells and rows without references, styled empty cells, formulas', async () => {
    const base = write({ S: XLSX.utils.aoa_to_sheet([['id']]) });
    const sheet =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<dimension ref="A1:F5"/><sheetData>' +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="C1" t="inlineStr"><is><r><t>Q</t></r><r><t>2</t></r></is></c>' +
      '<c t="inlineStr"><is><t xml:space="preserve"> Q3 &lt;b&gt; </t></is></c><c r="F1" s="0"/></row>' +
      '<row r="2" spans="1:6"><c r="A2" t="str"><f>A1</f><v>r&amp;1</v></c><c r="B2" s="0"><v>4</v></c><c r="C2" t="e"><v>#N/A</v></c>' +
      '<c r="D2" t="b"><v>0</v></c><c r="E2" t="n"><v></v></c><c r="F2" t="s"/></row>' +
      '<row r="3"/>' +
      '<row><c r="A4" s="0"/></row>' +
      '<row><c><v>5</v></c><c><v>6</v></c><c r="E5" t="str"><v>e</v></c><c><v>7</v></c></row>' +
      '</sheetData></worksheet>';
    const bytes = replacePart(base, 'xl/worksheets/sheet1.xml', sheet);
    const { fastRecords, referenceRecords } = await both(bytes);
    expect(fastRecords).toEqual(referenceRecords);
    expect(fastRecords).toEqual([
      { row: 1, fields: ['id', '', 'Q2', ' Q3 <b> ', '', ''] },
      { row: 2, fields: ['r&1', '4', '', 'false', '', ''] },
      { row: 3, fields: [] },
      // A row without `r` counts on from the last row read with cells (the self-closed row 3 does not count), as
      // SheetJS counts: so the second <row> is row 4; its cells without `r` go there, E5 goes to row 5.
      { row: 4, fields: ['5', '6', '', '', '', '7'] },
      { row: 5, fields: ['', '', '', '', 'e', ''] },
    ]);
  });

  it('on a sheet with no rows (<sheetData/>)', async () => {
    const base = write({ S: XLSX.utils.aoa_to_sheet([['id']]) });
    const sheet =
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<dimension ref="A1:B2"/><sheetData/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>';
    const { fastRecords, referenceRecords } = await both(replacePart(base, 'xl/worksheets/sheet1.xml', sheet));
    expect(fastRecords).toEqual(referenceRecords);
    expect(fastRecords).toEqual([
      { row: 1, fields: ['', ''] },
      { row: 2, fields: [] },
    ]);
  });

  it('leaves .ods to SheetJS', () => {
    expect(readXlsx(readFileSync('fixtures/import/tools/eusurvey.ods'))).toBeNull();
  });

  it('tells date formats as SheetJS does', () => {
    expect(['m/d/yy', 'yyyy-mm-dd', '[h]:mm', 'hh:mm AM/PM', 'B2yyyy'].map(isDateFormat)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['0.00', '"day"0', '#,##0;[Red]-#,##0', 'General', '\\d0', '@'].map(isDateFormat)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

/** The workbook with one part's text replaced, written again through SheetJS's own ZIP reader and writer. */
function replacePart(bytes: Buffer, name: string, text: string): Buffer {
  const zip = XLSX.CFB.read(bytes, { type: 'buffer' });
  const at = zip.FullPaths.findIndex((path: string) => path.endsWith(`/${name}`));
  expect(at).toBeGreaterThan(-1);
  zip.FileIndex[at]!.content = Buffer.from(text, 'utf8');
  return Buffer.from(XLSX.CFB.write(zip, { fileType: 'zip', type: 'buffer', compression: true }) as Uint8Array);
}

describe('fast .xlsx reader: unpacked size', () => {
  it('stops unpacking at the limit, whatever sizes the ZIP directory declares', () => {
    const bytes = write({
      S: XLSX.utils.aoa_to_sheet([['id', 'Q1'], ...Array.from({ length: 200 }, (_, i) => [`r${i}`, i])]),
    });
    // Every part's declared size (offset 24 of a central directory entry) made 1 byte: the directory lies.
    for (let i = 0; i + 4 <= bytes.length; i++)
      if (bytes.readUInt32LE(i) === 0x02014b50) bytes.writeUInt32LE(1, i + 24);
    const refuse = (): never => {
      throw new Error('refused');
    };
    const limits = { maxCells: 1_000_000, refuseCells: refuse, refuseUnzipped: refuse };
    expect(readXlsxSheet(bytes, undefined, { ...limits, maxUnzipped: 1 << 20 }).rows).toHaveLength(201);
    // The sheet part alone unpacks to more than 4 KiB (201 rows of two cells).
    expect(() => readXlsxSheet(bytes, undefined, { ...limits, maxUnzipped: 4096 })).toThrow('refused');
  });
});
