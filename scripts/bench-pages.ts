/**
 * Server-side render time of each dashboard page on the demo data: the real
 * app in-process (real SQLite in memory, demo loaded through the import path),
 * N sequential requests per page through supertest: median and p90 of the
 * wall time, and the median CPU time of this process (less sensitive to other
 * load on the machine; it includes supertest's own client work).
 * Usage: npm run bench:pages [-- --runs 30]
 */
import request from 'supertest';
import { loadConfig } from '../src/config.js';
import { createApiToken } from '../src/db/repositories/api-tokens.js';
import { openSqlite } from '../src/db/create-db.js';
import { insertUser } from '../src/services/accounts.js';
import { loadDemo } from '../src/services/load-demo.js';
import { createApp } from '../src/web/create-app.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;

const PAGES = [
  '/?wave=2026',
  '/?wave=2026&segment=role:it',
  '/cities/gent?wave=2026&peers=largest:5',
  '/cities/gent?wave=2026&peers=largest:5&segment=role:it',
  '/compare?cities=Gent&peers=largest:5&wave=2026',
  '/instrument',
];

const store = await openSqlite(':memory:');
await loadDemo(store, new Date('2026-06-01T00:00:00Z'));
const app = createApp({ store, config: loadConfig({ MATURITY_DB: ':memory:' }) });
// Pages need a signed-in user: a viewer's API token (a random password, this database only).
const viewer = await insertUser(store.db, {
  name: 'bench-viewer',
  role: 'viewer',
  password: crypto.randomUUID(),
  now: new Date(),
});
const { token } = await createApiToken(store.db, { userId: viewer.id, label: 'bench', now: new Date() });
const get = (path: string) => request(app).get(path).set('Authorization', `Bearer ${token}`);
const respondents = await store.db
  .selectFrom('respondents')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(`demo data: ${respondents.n} respondents; ${RUNS} requests per page (interleaved) after 10 warm-up rounds`);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
// Warm up every page first (JIT, template cache, SQLite page cache), then measure.
for (let i = 0; i < 10; i++) for (const path of PAGES) await get(path);
// Interleaved rounds (every page once per round), so garbage collection and
// other load on the machine fall on every page alike.
const wall = new Map<string, number[]>(PAGES.map((p) => [p, []]));
const cpu = new Map<string, number[]>(PAGES.map((p) => [p, []]));
for (let i = 0; i < RUNS; i++) {
  for (const path of PAGES) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const res = await get(path);
    const used = process.cpuUsage(cpuStart);
    cpu.get(path)!.push((used.user + used.system) / 1000);
    wall.get(path)!.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  }
}
let worst = 0;
for (const path of PAGES) {
  const times = wall.get(path)!.sort((a, b) => a - b);
  const cpus = cpu.get(path)!.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  worst = Math.max(worst, median);
  console.log(
    `${path.padEnd(58)} wall median ${median.toFixed(1).padStart(6)} ms  p90 ${quantile(times, 0.9).toFixed(1).padStart(6)} ms` +
      `   CPU median ${quantile(cpus, 0.5).toFixed(1).padStart(6)} ms`,
  );
}
console.log(
  `slowest wall median: ${worst.toFixed(1)} ms (target < 100 ms); load average now ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`,
);
await store.close();
