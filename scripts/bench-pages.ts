/**
 * Server-side render time of each dashboard page on the demo data: the real
 * app in-process (real SQLite in memory, demo loaded through the import path),
 * N sequential requests per page through supertest, median and p90 reported.
 * Usage: npm run bench:pages [-- --runs 30]
 */
import request from 'supertest';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/create-db.js';
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
await loadDemo(store.db, new Date('2026-06-01T00:00:00Z'));
const app = createApp({ store, config: loadConfig({ MATURITY_DB: ':memory:' }) });
const respondents = await store.db.selectFrom('respondents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
console.log(`demo data: ${respondents.n} respondents; ${RUNS} requests per page after 10 warm-up requests`);

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
let worst = 0;
for (const path of PAGES) {
  for (let i = 0; i < 10; i++) await request(app).get(path);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const res = await request(app).get(path);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  worst = Math.max(worst, median);
  console.log(`${path.padEnd(58)} median ${median.toFixed(1).padStart(6)} ms   p90 ${quantile(times, 0.9).toFixed(1).padStart(6)} ms`);
}
console.log(`slowest median: ${worst.toFixed(1)} ms (target < 100 ms)`);
await store.close();
