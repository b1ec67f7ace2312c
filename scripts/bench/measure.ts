import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { nearestRank } from '../../src/domain/nearest-rank.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/** What the SQLite and PostgreSQL import benches measure with, so both report alike. */

export const CLI = join(PROJECT_ROOT, 'bin', 'maturity.js');

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** The 1-, 5- and 15-minute load averages, as "1.2 0.8 0.5". */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

/** @example median([3, 1, 4, 2]) // => 2.5 */
export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The p-th percentile (0 < p ≤ 100) by nearest rank. @example percentile([5, 1, 3, 2, 4], 95) // => 5 */
export const percentile = (xs: readonly number[], p: number) =>
  nearestRank(
    [...xs].sort((a, b) => a - b),
    p / 100,
  );

/** Runs a command under GNU time: wall seconds, CPU seconds (user + system, all threads) and peak RSS (MB). */
export function timed(
  cmd: string,
  args: string[],
  input?: string,
): { seconds: number; cpuSeconds: number; peakMb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %M %U %S', cmd, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const m = /@@([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return {
    seconds: Number(m[1]),
    cpuSeconds: Number(m[3]) + Number(m[4]),
    peakMb: (Number(m[2]) * 1024) / 1e6,
    stdout: r.stdout,
  };
}

/** Every route needs a signed-in user: a viewer (random password) and its API token, through the real CLI. */
export function viewerToken(db: string): string {
  const env = { ...process.env, MATURITY_PASSWORD: `bench-${randomUUID()}` };
  execFileSync('node', [CLI, 'user', 'add', 'bench-viewer', '--role', 'viewer', '--db', db], { env, stdio: 'ignore' });
  const out = execFileSync('node', [CLI, 'token', 'create', 'bench-viewer', '--json', '--db', db], {
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { token: string }).token;
}
