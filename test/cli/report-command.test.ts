import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pdfText } from '../support/pdf-text.js';
import { runCli } from '../support/run-cli.js';

// Each call starts a real process (about 1–2 s, far more on a loaded machine).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maturity-report-'));
  db = join(dir, 'test.sqlite');
  expect(runCli(['demo', '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maturity report', () => {
  it('writes a Dutch PDF and says what it wrote', async () => {
    const out = join(dir, 'gent.pdf');
    const r = runCli([
      'report',
      '--city',
      'Gent',
      '--wave',
      '2026',
      '--peers',
      'largest:5',
      '--lang',
      'nl',
      '--format',
      'pdf',
      '--out',
      out,
      '--db',
      db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^Wrote .*gent\.pdf \(PDF, \d+ bytes\): Gent, wave 2026, peers largest:5 \(SYNTHETIC demo data\), in \d+ ms\.\n$/,
    );
    const { text } = await pdfText(readFileSync(out));
    expect(text).toContain('Kloofrapport: Gent, 2026');
  });

  it('refuses an unknown format in one line, exit 1', () => {
    const r = runCli([
      'report',
      '--city',
      'Gent',
      '--wave',
      '2026',
      '--format',
      'docx',
      '--out',
      join(dir, 'x.docx'),
      '--db',
      db,
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('maturity: --format "docx" is not one of pdf, xlsx, csv, html.\n');
  });
});
