import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/create-db.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** Runs test/support/count-attempts-child.ts in its own Node process; resolves with what it printed. */
function child(path: string, n: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', join(PROJECT_ROOT, 'test', 'support', 'count-attempts-child.ts'), path, String(n)],
      { cwd: PROJECT_ROOT },
    );
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe.skipIf(process.env.MATURITY_TEST_DB === 'postgres')(
  'login attempts counted by several processes on one SQLite file',
  () => {
    it('lets exactly 5 of 3 × 20 parallel attempts through', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'mr-attempts-'));
      try {
        const path = join(dir, 'maturity.sqlite');
        await (await openSqlite(path)).close(); // migrated once, before the processes start
        const passed = await Promise.all([child(path, 20), child(path, 20), child(path, 20)]);
        expect(passed.reduce((sum, p) => sum + Number(p), 0)).toBe(5);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
