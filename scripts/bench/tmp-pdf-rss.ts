import { openSqlite } from '../../src/db/create-db.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { createHeavyPool } from '../../src/offload/heavy-pool.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
const store = await openSqlite(':memory:');
await loadDemo(store, new Date('2026-06-01T00:00:00Z'));
const heavy = createHeavyPool({ threads: 1, queue: 4 });
const ws = await loadWaveScoring(store.db, 2026);
const slugs = [...ws.citiesBySlug.keys()];
const rss = () => (process.memoryUsage().rss / 1048576).toFixed(0);
console.log('cities', slugs.length, 'rss', rss());
let n = 0;
for (const lang of ['en', 'nl'] as const) for (const city of slugs) {
  const report = await loadGapReport(store.db, { city, wave: 2026, lang } as never, heavy);
  await heavy.run('render-report', { report, format: 'pdf' });
  if (++n % 8 === 0) console.log(n, rss());
}
await heavy.close();
console.log('closed', rss());
process.exit(0);
