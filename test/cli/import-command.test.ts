import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'maturity-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maturity import (streaming from disk)', () => {
  it('--dry-run --json gives the same summary as the library, with no progress bar off a terminal', () => {
    const r = runCli([
      'import',
      fixturePath('import', 'corpus', 'hdr-qualtrics.csv'),
      '--wave',
      '2026',
      '--dry-run',
      '--json',
      '--db',
      join(dir, 'a.sqlite'),
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      importId: null,
      dryRun: true,
      encoding: 'utf-8',
      format: 'qualtrics',
      respondents: 3,
      answers: 89,
      invalidCells: 1,
      errors: [],
    });
    expect(
      summary.warnings.map((w: { code: string; row?: number; column?: string }) => [w.code, w.row, w.column]),
    ).toEqual([
      ['unknown-columns', 1, undefined],
      ['answer-invalid', 5, 'SOV03'],
    ]);
  }, 60_000);

  it('refuses --wave 2099 with the wave rule of the web and API, before reading the file or storing anything', () => {
    const year = new Date().getUTCFullYear();
    const db = join(dir, 'b.sqlite');
    const r = runCli(['import', fixturePath('import', 'corpus', 'hdr-qualtrics.csv'), '--wave', '2099', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`maturity: Wave "2099" is not a survey year: write a year from 1990 to ${year}.\n`);
    const imports = runCli([
      'import',
      fixturePath('import', 'corpus', 'hdr-qualtrics.csv'),
      '--wave',
      String(year),
      '--dry-run',
      '--json',
      '--db',
      db,
    ]);
    expect(JSON.parse(imports.stdout)).toMatchObject({ wave: year, errors: [] });
  }, 60_000);
});
