import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../src/import/read/byte-source.js';
import { cellTexts } from '../../src/import/read/cells.js';
import { decodeStream, sniffEncoding } from '../../src/import/read/decode-stream.js';
import { openRecordStream } from '../../src/import/read/record-stream.js';
import { SpanBuffers, splitRecords } from '../../src/import/read/split-records.js';

/** Every record of `text` (LF-normalised), split at once. */
const splitAll = (text: string, delimiter = ',') =>
  splitRecords(text, delimiter.charCodeAt(0), true, 1, new SpanBuffers(), null).records.map((r) => cellTexts(r.cells));

/** papaparse, the reference: the records of `text` as it reads them, line ends given. */
const papa = (text: string, delimiter: string, newline: '\n' | '\r\n' = '\n') =>
  Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"' }).data;

/** Every record the whole read path gives (bytes → decode → records), in `chunk`-byte reads and `window`-character windows. */
async function readAll(bytes: Uint8Array, chunk: number, window?: number): Promise<string[][]> {
  const { encoding, bom } = sniffEncoding(bytes.subarray(0, 8));
  const stream = await openRecordStream(
    decodeStream(bytesSource(bytes, chunk), encoding, bom),
    window ? { window } : {},
  );
  const out: string[][] = [];
  for (;;) {
    const next = await stream.next();
    if (next.done) break;
    out.push([...next.value.fields]);
    if (out.length === 2) break; // the rest as the importer reads them: in batches
  }
  for await (const batch of stream.batches()) for (const r of batch) out.push(cellTexts(r.cells));
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** A survey-like file: `rows` respondents, each field quoted as `quote` says (row, column). */
function surveyFile(
  rows: number,
  quote: (row: number, column: number) => boolean,
  options: { delimiter?: string; newline?: string; comment?: (row: number) => string } = {},
): string {
  const d = options.delimiter ?? ',';
  const nl = options.newline ?? '\n';
  const cell = (text: string, row: number, column: number) =>
    quote(row, column) || /["\n\r,;\t]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  const header = ['respondent_id', 'city', 'Q01', 'Q02', 'Q03', 'comment'];
  const lines = [header.map((h, c) => cell(h, 0, c)).join(d)];
  for (let r = 1; r <= rows; r++) {
    const comment = options.comment?.(r) ?? (r % 3 === 0 ? '' : `note ${r}`);
    const fields = [`R${r}`, r % 2 ? 'Gent' : 'Sint-Niklaas', String(r % 5), r % 4 ? String((r % 5) + 1) : '', '3'];
    lines.push([...fields, comment].map((f, c) => cell(f, r, c)).join(d));
  }
  return lines.join(nl) + nl;
}

const CHUNKS = [1, 2, 3, 7, 64, 4096];
const WINDOWS = [1, 2, 3, 7, 64, 4096];

describe('splitRecords', () => {
  it('reads quoted fields, doubled quotes, quoted delimiters and newlines, and empty quoted fields', () => {
    expect(splitAll('a,"b,c","say ""hi""",""\n"x\ny",,"",z')).toEqual([
      ['a', 'b,c', 'say "hi"', ''],
      ['x\ny', '', '', 'z'],
    ]);
  });

  it('treats a quote inside an unquoted field as text, and drops spaces between a closing quote and the delimiter', () => {
    expect(splitAll('5" screen,"a"  ,b\n')).toEqual([['5" screen', 'a', 'b'], ['']]);
    expect(papa('5" screen,"a"  ,b\n', ',')).toEqual([['5" screen', 'a', 'b'], ['']]);
  });

  it('gives what papaparse gives for any table written with any quoting', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', '"', ',', ';', '\t', '\n', '1', '€') });
    const table = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(table, fc.constantFrom(',', ';', '\t'), fc.boolean(), (rows, delimiter, quoteAll) => {
        const text = Papa.unparse(rows, { delimiter, newline: '\n', quotes: quoteAll });
        const expected = papa(text, delimiter);
        expect(splitAll(text, delimiter)).toEqual(expected);
        // And the table itself, where papaparse's writer left nothing ambiguous (a lone empty field is a blank line).
        if (rows.every((r) => r.length > 1 || r[0] !== '')) expect(splitAll(text, delimiter)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('names row and column of an unclosed quote, and of text after a closing quote', () => {
    expect(() =>
      splitRecords('id,city,Q1\nr1,"Gent,3\n', 44, true, 1, new SpanBuffers(), ['id', 'city', 'Q1']),
    ).toThrow('Row 2, column 2 (city): a quoted field is not closed: it runs to the end of the file.');
    expect(() =>
      splitRecords('id,city,Q1\nr1,Gent,"3"4\n', 44, true, 1, new SpanBuffers(), ['id', 'city', 'Q1']),
    ).toThrow('Row 2, column 3 (Q1): text follows the closing quote of a quoted field ("3"4…).');
  });

  it('waits for more text when a window ends inside a record, a quoted field or right after a closing quote', () => {
    const spans = new SpanBuffers();
    for (const [text, cursor] of [
      ['a,b\nc,"d', 4],
      ['a,b\nc,"d"', 4], // the next character may be a second quote
      ['a,b\nc,"d" ', 4],
      ['a,b\nc,', 4],
    ] as const) {
      const { records, cursor: at } = splitRecords(text, 44, false, 1, spans, null);
      expect([records.length, at]).toEqual([1, cursor]);
    }
  });
});

describe('openRecordStream on quoted files', () => {
  const files: Record<string, { text: string; delimiter: string }> = {
    'rare quoting': { text: surveyFile(300, (r, c) => r % 97 === 0 && c === 5), delimiter: ',' },
    'frequent quoting': { text: surveyFile(300, (r, c) => (r + c) % 3 === 0), delimiter: ',' },
    'every field quoted': { text: surveyFile(300, () => true), delimiter: ',' },
    'quoted comments with newlines and doubled quotes': {
      text: surveyFile(300, () => true, { comment: (r) => (r % 2 ? `she said ""yes""\nthen ${r}` : '') }),
      delimiter: ',',
    },
    'TAB-delimited, every field quoted': { text: surveyFile(300, () => true, { delimiter: '\t' }), delimiter: '\t' },
    'semicolons, quotes at field edges': {
      text: surveyFile(300, (r, c) => c % 2 === 0, { delimiter: ';', comment: (r) => (r % 5 ? `"${r}"` : '"') }),
      delimiter: ';',
    },
  };

  for (const [name, { text, delimiter }] of Object.entries(files)) {
    it(`gives papaparse's records at every read and window size: ${name}`, async () => {
      const expected = papa(text, delimiter);
      expect(expected.length).toBe(302); // header, 300 rows and the empty last line
      for (const chunk of CHUNKS) expect(await readAll(utf8(text), chunk)).toEqual(expected);
      for (const window of WINDOWS) expect(await readAll(utf8(text), 4096, window)).toEqual(expected);
    });
  }

  it('reads CRLF files with CRLF (and lone CR) inside quotes, with and without a BOM, as LF', async () => {
    const text = surveyFile(200, (r, c) => c !== 2, {
      newline: '\r\n',
      comment: (r) => (r % 3 === 0 ? `line one\r\nline two ${r}` : r % 3 === 1 ? `a\rb` : ''),
    });
    // papaparse reads the file as written (CRLF records); its fields keep their CRs, ours have LF.
    const expected = papa(text, ',', '\r\n').map((f) => f.map((x) => x.replace(/\r\n?/g, '\n')));
    expect(expected[3]![5]).toBe('line one\nline two 3');
    for (const bom of [false, true]) {
      const bytes = utf8(bom ? `\uFEFF${text}` : text);
      for (const chunk of CHUNKS) expect(await readAll(bytes, chunk)).toEqual(expected);
      for (const window of [1, 3, 64]) expect(await readAll(bytes, 4096, window)).toEqual(expected);
    }
  });

  it('reads a UTF-16 file with a BOM and quoted fields', async () => {
    const text = surveyFile(50, () => true, { newline: '\r\n' });
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const expected = papa(text, ',', '\r\n');
    for (const chunk of [1, 3, 64, 4096]) expect(await readAll(bytes, chunk)).toEqual(expected);
  });

  it('puts a window edge at every place of a quoted record, doubled quote and empty quoted field', async () => {
    const text = 'id,comment,Q1\n"r1","a ""b"" c","3"\n"r2","","4"\n"r3","x\ny",""\n';
    const expected = papa(text, ',');
    for (let window = 1; window <= text.length; window++)
      expect(await readAll(utf8(text), 1 + (window % 5), window)).toEqual(expected);
  });

  it('names the row and column of a quote left open at the end of a long file', async () => {
    const text = surveyFile(300, () => true) + '"R301","Gent,3,4,3,\n';
    for (const window of [64, 32 * 1024])
      await expect(readAll(utf8(text), 4096, window)).rejects.toThrow(
        'Row 302, column 2 (city): a quoted field is not closed: it runs to the end of the file.',
      );
  });
});
