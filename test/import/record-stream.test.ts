import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellsBlank, cellTexts } from '../../src/import/read/cells.js';
import { openRecordStream } from '../../src/import/read/record-stream.js';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Every record the stream gives: the header rows through `next`, the rest through `batches`. */
async function records(text: string, chunk: number, headerRows = 1): Promise<{ row: number; fields: string[] }[]> {
  const stream = await openRecordStream(chunked(text, chunk));
  const out: { row: number; fields: string[] }[] = [];
  for (let i = 0; i < headerRows; i++) {
    const next = await stream.next();
    if (!next.done) out.push({ row: next.value.row, fields: [...next.value.fields] });
  }
  for await (const batch of stream.batches())
    for (const r of batch) out.push({ row: r.row, fields: cellTexts(r.cells) });
  return out;
}

/** A file of many rows (past several 32 KiB parse windows), quotes only where `quoted` says. */
function file(rows: number, quoted: (r: number) => boolean): string {
  const lines = ['id,city,Q1,Q2,comment'];
  for (let r = 0; r < rows; r++) {
    const comment = quoted(r) ? `"says ""yes"", then\nno"` : r % 7 === 0 ? '' : `plain ${r}`;
    lines.push(r % 50 === 0 ? '' : `R${r},Gent,${r % 5},${r % 3 === 0 ? '' : '4'},${comment}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('openRecordStream', () => {
  it('gives the records papaparse gives, whether a window holds quotes or not, in any chunk size', async () => {
    for (const text of [file(3000, () => false), file(3000, (r) => r % 400 === 0), file(300, (r) => r % 2 === 0)]) {
      const expected = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n' }).data.map((fields, i) => ({
        row: i + 1,
        fields,
      }));
      for (const chunk of [7, 1000, 65_536]) expect(await records(text, chunk)).toEqual(expected);
    }
  });

  it('reads cells in place by position: text, one-character code, empty and blank', async () => {
    const stream = await openRecordStream(chunked('a;b;c\nx;4;\n ; ;\n12;;é', 3));
    await stream.next();
    const rows = [];
    for await (const batch of stream.batches()) rows.push(...batch); // one window: read before the next is split
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    const [data, blank, last] = rows.map((r) => r.cells);
    expect([data!.length, data!.text(0), data!.code(1), data!.code(2), data!.code(0)]).toEqual([3, 'x', 52, -1, 120]);
    expect([cellsBlank(data!), cellsBlank(blank!)]).toEqual([false, true]);
    expect([last!.text(0), last!.code(0), last!.code(1), last!.text(2), last!.code(2)]).toEqual([
      '12',
      -2,
      -1,
      'é',
      233,
    ]);
  });

  it('keeps a line split across chunks whole, and ends a file without a final newline on its last record', async () => {
    expect(await records('h1,h2\nab,cd\nef,gh', 4)).toEqual([
      { row: 1, fields: ['h1', 'h2'] },
      { row: 2, fields: ['ab', 'cd'] },
      { row: 3, fields: ['ef', 'gh'] },
    ]);
  });
});
