/**
 * Times gap-report generation per format for Gent against largest:5 on the
 * SYNTHETIC demo data (in-memory SQLite): the database read + model + render,
 * as the CLI and the download route do it. `npm run bench:report [-- --runs 7]`.
 * Prints the first (cold) run, the median and the slowest of the warm runs,
 * wall clock and CPU time (the latter is what a loaded machine distorts least).
 */
import { loadavg } from 'node:os';
import { openSqlite } from '../src/db/create-db.js';
import { parsePeers } from '../src/domain/peer-groups.js';
import { loadGapReport } from '../src/reports/load-gap-report.js';
import { renderReport, REPORT_FORMATS } from '../src/reports/render-report.js';
import { loadDemo } from '../src/services/load-demo.js';

const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const TARGET_MS = 2000;

const store = await openSqlite(':memory:');
await loadDemo(store, new Date('2026-06-01T00:00:00Z'));

const once = async (format: (typeof REPORT_FORMATS)[number]) => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const report = await loadGapReport(store.db, { city: 'Gent', wave: 2026, peers: parsePeers('largest:5') });
  const bytes = await renderReport(report, format);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, bytes: bytes.length };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `Gap report, Gent vs largest:5, demo data; ${runs} warm runs per format; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(['format', 'cold ms', 'median ms', 'max ms', 'median cpu ms', 'bytes', `< ${TARGET_MS} ms`].join('\t'));
let ok = true;
for (const format of REPORT_FORMATS) {
  const cold = await once(format);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(await once(format));
  const med = median(warm.map((w) => w.wall));
  ok &&= med < TARGET_MS;
  console.log(
    [
      format,
      cold.wall.toFixed(0),
      med.toFixed(0),
      Math.max(...warm.map((w) => w.wall)).toFixed(0),
      median(warm.map((w) => w.cpu)).toFixed(0),
      cold.bytes,
      med < TARGET_MS ? 'yes' : 'NO',
    ].join('\t'),
  );
}
await store.close();
process.exitCode = ok ? 0 : 1;
