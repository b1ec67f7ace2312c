import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'serve-pool-'));
let server: ChildProcess | undefined;
afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => server!.once('exit', resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('maturity serve (the compiled CLI) runs heavy work on its bundled worker', () => {
  it('serves a PDF and a rank-stability run from the worker pool of dist/', async () => {
    const db = join(dir, 'serve.sqlite');
    server = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'maturity.js'), 'serve', '--db', db, '--port', '0'], {
      env: { ...process.env, HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running on http:\/\/localhost:(\d+)\//.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server!.once('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    // The bundle the server runs from, worker included (bin/compile.js).
    expect(existsSync(join(PROJECT_ROOT, 'dist', 'offload', 'heavy-worker.js'))).toBe(true);
    expect(
      runCli(['user', 'add', 'pool-viewer', '--role', 'viewer', '--db', db], {
        MATURITY_PASSWORD: 'a-long-enough-password-9',
      }).status,
    ).toBe(0);
    const token = (
      JSON.parse(runCli(['token', 'create', 'pool-viewer', '--json', '--db', db]).stdout) as { token: string }
    ).token;
    const get = (path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Bearer ${token}` } });

    const pdf = await get('/reports/gap.pdf?city=gent&wave=2026');
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const scores = await get('/api/v1/scores?wave=2026&rankStability=1&draws=500&seed=4');
    expect(scores.status).toBe(200);
    const body = (await scores.json()) as {
      rankStability: unknown;
      cities: { city: string; rankStability: { rank: number } | null }[];
    };
    expect(body.rankStability).toMatchObject({ draws: 500, seed: 4, method: 'respondents+weights' });
    expect(body.cities.find((c) => c.city === 'Gent')!.rankStability!.rank).toBeGreaterThan(0);
  }, 120_000);
});
