import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesSource } from '../../src/import/read/byte-source.js';
import { NotUtf8 } from '../../src/import/read/decode-stream.js';
import { IssueList } from '../../src/import/issue-list.js';
import type { ParsedRespondent } from '../../src/import/validate/read-respondents.js';
import { hashSource, scanFile } from '../../src/import/validate/scan-file.js';
import { defaultInstrument } from '../support/fixtures.js';

const instrument = defaultInstrument();
const codes = instrument.questions.map((q) => q.code);
const now = new Date('2026-06-01T00:00:00Z');
const line = (...cells: string[]) => cells.join(',');
const answers = (v: string) => codes.map(() => v);
const file = (...rows: string[]) => Buffer.from(`${rows.join('\n')}\n`, 'utf8');
const header = line('respondent_id', 'city', 'country', 'survey_year', ...codes);

/** Scans `bytes` (in chunks of 7 bytes, so every boundary case is crossed) and collects what the hooks receive. */
async function scan(bytes: Uint8Array, options: { wave?: number; forced?: 'windows-1252' } = {}) {
  const respondents: ParsedRespondent[] = [];
  const kept: Uint8Array[] = [];
  const hooks = {
    errors: new IssueList(true),
    warnings: new IssueList(),
    respondent: (r: ParsedRespondent) => void respondents.push(r),
    bytes: (c: Uint8Array) => void kept.push(c),
  };
  const result = await scanFile(
    bytesSource(bytes, 7),
    instrument,
    { now, ...(options.wave !== undefined ? { wave: options.wave } : {}) },
    hooks,
    options.forced ?? null,
  );
  return {
    result,
    respondents,
    kept: Buffer.concat(kept),
    errors: hooks.errors.list().map((i) => [i.code, i.row]),
    warnings: hooks.warnings.list().map((i) => i.code),
  };
}

describe('scanFile: one streaming pass', () => {
  it('hands on each valid respondent in file order, keeps every byte, and reports what it read', async () => {
    const bytes = file(
      header,
      line('r-1', 'Gent', 'BE', '2026', ...answers('4')),
      '',
      line('r-2', 'Leuven', 'BE', '2026', ...answers('2')),
    );
    const s = await scan(bytes);
    expect(s.errors).toEqual([]);
    expect(s.respondents.map((r) => [r.row, r.key, r.city, r.wave])).toEqual([
      [2, 'r-1', 'Gent', 2026],
      [4, 'r-2', 'Leuven', 2026],
    ]);
    expect(s.kept.equals(bytes)).toBe(true);
    expect(s.result).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      sizeBytes: bytes.length,
      encoding: 'utf-8',
      delimiter: ',',
      format: 'wide',
      wave: 2026,
      counts: {
        answers: 2 * codes.length,
        answerCells: 2 * codes.length,
        invalidCells: 0,
        incomplete: 0,
        testResponses: 0,
      },
      sheet: null,
    });
    expect(await hashSource(bytesSource(bytes))).toEqual({ sha256: s.result.sha256, sizeBytes: bytes.length });
  });

  it('hands on the rows of two waves in one file, each with its own wave', async () => {
    const s = await scan(
      file(
        header,
        line('r-1', 'Gent', 'BE', '2025', ...answers('4')),
        line('r-2', 'Gent', 'BE', '2026', ...answers('4')),
      ),
    );
    expect(s.errors).toEqual([]);
    expect(s.respondents.map((r) => [r.key, r.wave])).toEqual([
      ['r-1', 2025],
      ['r-2', 2026],
    ]);
  });

  it('names a repeated header line, an empty file and a file without data rows', async () => {
    expect((await scan(file(header, line('r-1', 'Gent', 'BE', '2026', ...answers('4')), header))).errors).toEqual([
      ['header-repeated', 3],
    ]);
    expect((await scan(Buffer.alloc(0))).errors).toEqual([['file-empty', undefined]]);
    expect((await scan(file(header))).errors).toEqual([['file-no-rows', undefined]]);
  });

  it('stops at the column map when a required column is missing (no row is read)', async () => {
    const s = await scan(file(line('respondent_id', 'city', ...codes), line('r-1', 'Gent', ...answers('4'))));
    expect(s.errors).toEqual([
      ['missing-column', 1],
      ['missing-column', 1],
    ]);
    expect(s.respondents).toEqual([]);
  });

  it('takes the wave given on import for a file without a wave column', async () => {
    const s = await scan(
      file(line('respondent_id', 'city', 'country', ...codes), line('r-1', 'Gent', 'BE', ...answers('4'))),
      { wave: 2025 },
    );
    expect(s.errors).toEqual([]);
    expect([s.result.wave, s.respondents[0]!.wave]).toEqual([2025, 2025]);
  });

  it('throws NotUtf8 for a file that is not UTF-8, and reads it as Windows-1252 with a warning when told to', async () => {
    const latin = Buffer.from(`${header}\n${line('r-1', 'M\u00fcnchen', 'DE', '2026', ...answers('4'))}\n`, 'latin1');
    await expect(scan(latin)).rejects.toBeInstanceOf(NotUtf8);
    const s = await scan(latin, { forced: 'windows-1252' });
    expect(s.warnings).toEqual(['encoding-windows-1252']);
    expect(s.respondents[0]!.city).toBe('M\u00fcnchen');
  });
});
