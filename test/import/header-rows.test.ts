import { describe, expect, it } from 'vitest';
import { readHeaderRows } from '../../src/import/read/header-rows.js';
import type { FileRecord } from '../../src/import/read/record-stream.js';

async function* records(rows: string[][]): AsyncGenerator<FileRecord> {
  let row = 1;
  for (const fields of rows) yield { row: row++, fields };
}

describe('readHeaderRows', () => {
  it('keeps a data row that merely says "Response" as data', async () => {
    const head = await readHeaderRows(
      records([
        ['respondent_id', 'comment'],
        ['r-1', 'Response'],
        ['r-2', 'x'],
      ]),
    );
    expect(head!.format).toBe('plain');
    expect(head!.data.map((r) => r.row)).toEqual([2, 3]);
  });

  it('names SurveyMonkey columns by row 2 unless it only says "Response"', async () => {
    const head = await readHeaderRows(
      records([
        ['Respondent ID', 'City', 'Matrix', ''],
        ['', 'Response', 'SOV01. x', 'SOV02. y'],
        ['1', 'Gent', '4', '5'],
      ]),
    );
    expect(head!.format).toBe('surveymonkey');
    expect(head!.header.fields).toEqual(['Respondent ID', 'City', 'SOV01. x', 'SOV02. y']);
    expect(head!.data).toEqual([]);
  });

  it('skips blank lines before the header and recognises Qualtrics by its ImportId row', async () => {
    const head = await readHeaderRows(
      records([
        [''],
        ['ResponseId', 'SOV01'],
        ['Response ID', 'The city…'],
        ['{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'],
        ['R_1', '4'],
      ]),
    );
    expect(head!.format).toBe('qualtrics');
    expect(head!.header.row).toBe(2);
    expect(head!.extra).toEqual([['Response ID', 'The city…']]);
  });

  it("recognises SurveyMonkey's row 2 when it has a cell under the id, by the header naming Respondent ID", async () => {
    const head = await readHeaderRows(
      records([
        ['Respondent ID', 'Collector ID', 'Matrix', ''],
        ['Response', '', 'SOV01. x', 'SOV02. y'],
        ['1', '9', '4', '5'],
      ]),
    );
    expect(head!.format).toBe('surveymonkey');
    expect(head!.header.fields).toEqual(['Respondent ID', 'Collector ID', 'SOV01. x', 'SOV02. y']);
  });

  it("recognises Qualtrics' 2016 export by {'ImportId': …} in single quotes", async () => {
    const head = await readHeaderRows(
      records([
        ['ResponseId', 'Q1'],
        ['Response ID', 'The city…'],
        ["{'ImportId': '_recordId'}", "{'ImportId': 'QID1'}"],
        ['R_1', '4'],
      ]),
    );
    expect(head!.format).toBe('qualtrics');
    expect(head!.data).toEqual([]);
  });

  it("names Qualtrics' legacy V1…Vn columns by row 2 and keeps the question codes", async () => {
    const head = await readHeaderRows(
      records([
        ['V1', 'V2', 'Q1_1'],
        ['ResponseID', 'ResponseSet', 'The city…'],
        ['R_1', 'Default', '4'],
      ]),
    );
    expect(head!.format).toBe('qualtrics');
    expect(head!.header.fields).toEqual(['ResponseID', 'ResponseSet', 'Q1_1']);
    expect(head!.extra).toEqual([['ResponseID', 'ResponseSet', 'The city…']]);
  });
});
