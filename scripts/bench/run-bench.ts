/**
 * `npm run bench`: generates seeded data (1,000,000 respondents ×
 * 40 questions over 200 cities, and a 100,000 version) into bench-data/, then
 * measures, through the real CLI and server:
 *   - import time vs SQLite's own CLI `.import` of the same file, and the ratio;
 *     at 1M for two layouts of the same content: quoted only where needed (no
 *     field needs it) and every field quoted (as Qualtrics, LimeSurvey and
 *     SurveyMonkey write), alternating in each run;
 *   - the same 100k data as an .xlsx workbook through the same importer, its
 *     time against the CSV's in the same run;
 *   - peak RSS of the import (GNU time's maximum resident set size) at 100k and 1M;
 *   - p95 latency of GET /api/v1/scores and the overview page, 8 concurrent clients, 100k vs 1M;
 *   - the gaps JSON and the PDF gap report of one city;
 *   - database size (and how much of it is the original file, compressed).
 * Medians of BENCH_RUNS runs (default 3). Environment: BENCH_RESPONDENTS (default
 * 1000000), BENCH_SMALL (100000), BENCH_RUNS, BENCH_RUNS_BIG, BENCH_REQUESTS (per client, default 40),
 * BENCH_QUOTED=0 (no all-quoted file), BENCH_XLSX=0 (no spreadsheet case).
 * Not part of `npm test`; the 10,000 version (test/bench) is. BENCH_PG=1 adds the PostgreSQL
 * run of `npm run bench:pg` (run-bench-pg.ts) afterwards.
 */
import { timedGetter } from './timed-get.js';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { runPgBench } from './run-bench-pg.js';
import {
  BENCH_DIR as OUT,
  BENCH_WAVE,
  benchCityName,
  benchInstrumentJson,
  ensureBenchCsv,
  writeBenchXlsx,
} from './bench-data.js';
import { CLI, load, log, median, percentile, timed, viewerToken } from './measure.js';

const BIG = Number(process.env.BENCH_RESPONDENTS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Runs at the large size (default BENCH_RUNS). */
const RUNS_BIG = Number(process.env.BENCH_RUNS_BIG ?? RUNS);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const QUOTED = process.env.BENCH_QUOTED !== '0';
const XLSX_CASE = process.env.BENCH_XLSX !== '0';
const CLIENTS = 8;

const mb = (bytes: number) => bytes / 1e6;

/** The same records as `survey-<n>.csv`, as an .xlsx workbook. */
function ensureXlsx(n: number): string {
  const path = join(OUT, `survey-${n}.xlsx`);
  if (!existsSync(path)) {
    log(`generating ${path} (about a minute) …`);
    writeBenchXlsx(ensureBenchCsv(n), path);
  }
  return path;
}

interface ImportRun {
  importS: number;
  importCpuS: number;
  peakMb: number;
  sqliteS: number;
}

function importOnce(file: string, db: string): { seconds: number; cpuSeconds: number; peakMb: number } {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  execFileSync('node', [CLI, 'instrument', 'add', join(OUT, 'instrument.json'), '--db', db], { stdio: 'ignore' });
  return timed('node', [CLI, 'import', file, '--instrument', 'bench-40', '--db', db]);
}

function sqliteImportOnce(csv: string): number {
  const db = join(OUT, 'sqlite-cli.db');
  rmSync(db, { force: true });
  return timed('sqlite3', [db], `.mode csv\n.import ${csv} plain\n`).seconds;
}

/** One pair: `sqlite3 .import` of the file, then our import of it. */
function pairOnce(csv: string, db: string, label: string): ImportRun {
  const sqliteS = sqliteImportOnce(csv);
  const imp = importOnce(csv, db);
  log(
    `${label}: import ${imp.seconds.toFixed(2)} s (CPU ${imp.cpuSeconds.toFixed(2)} s), peak ${imp.peakMb.toFixed(0)} MB; ` +
      `sqlite3 .import ${sqliteS.toFixed(2)} s; ratio ${(imp.seconds / sqliteS).toFixed(2)}; load ${loadavg()[0]!.toFixed(1)}`,
  );
  return { importS: imp.seconds, importCpuS: imp.cpuSeconds, peakMb: imp.peakMb, sqliteS };
}

/** Medians of a layout's runs; the ratio as the median of each run's own (its import against the `.import` just before it). */
function summariseRuns(csv: string, runs: ImportRun[]) {
  return {
    csvMb: mb(statSync(csv).size),
    importS: median(runs.map((r) => r.importS)),
    importCpuS: median(runs.map((r) => r.importCpuS)),
    sqliteS: median(runs.map((r) => r.sqliteS)),
    pairRatio: median(runs.map((r) => r.importS / r.sqliteS)),
    peakMb: median(runs.map((r) => r.peakMb)),
    runs,
  };
}

async function latency(
  db: string,
  port: number,
): Promise<{
  scoresP95: number;
  scoresP50: number;
  overviewP95: number;
  overviewP50: number;
  gapsMs: number;
  reportPdfMs: number;
}> {
  const server = spawn('node', [CLI, 'serve', '--db', db, '--port', String(port)], {
    env: { ...process.env, HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => d.toString().includes('running') && resolve());
    server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const q = `wave=${BENCH_WAVE}&instrument=bench-40`;
  const token = viewerToken(db);
  const client = timedGetter(CLIENTS, token);
  const get = (path: string) => client.get(base + path);
  const load = async (path: string) => {
    for (let i = 0; i < 5; i++) await get(path); // warm up
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = 0; i < REQUESTS; i++) times.push(await get(path));
      }),
    );
    return { p95: percentile(times, 95), p50: percentile(times, 50) };
  };
  try {
    const scores = await load(`/api/v1/scores?${q}`);
    const overview = await load(`/?${q}`);
    const slug = benchCityName(0).toLowerCase().replace(/ /g, '-');
    const gaps: number[] = [];
    for (let i = 0; i < 7; i++) gaps.push(await get(`/api/v1/cities/${slug}/gaps?${q}&peers=all`));
    // The manager's download: the whole PDF gap report of one city (peers: the five largest by default).
    const pdf: number[] = [];
    for (let i = 0; i < 5; i++) pdf.push(await get(`/reports/gap.pdf?city=${slug}&${q}`));
    return {
      scoresP95: scores.p95,
      scoresP50: scores.p50,
      overviewP95: overview.p95,
      overviewP50: overview.p50,
      gapsMs: median(gaps),
      reportPdfMs: median(pdf),
    };
  } finally {
    client.close();
    server.kill('SIGTERM');
  }
}

function dbSizes(db: string) {
  const sqlite = new SQLite(db, { readonly: true });
  const file = statSync(db).size;
  const content = sqlite
    .prepare(
      'SELECT (SELECT COALESCE(SUM(LENGTH(content)), 0) FROM imports) + (SELECT COALESCE(SUM(LENGTH(bytes)), 0) FROM import_content_parts) AS n',
    )
    .pluck()
    .get() as number;
  let tables: Record<string, number> = {};
  try {
    const rows = sqlite
      .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC')
      .all() as { name: string; bytes: number }[];
    tables = Object.fromEntries(rows.slice(0, 8).map((r) => [r.name, r.bytes]));
  } catch {
    /* dbstat not compiled in */
  }
  sqlite.close();
  return { file, content, tables };
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'instrument.json'), benchInstrumentJson());
  const machine = {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    sqlite3: execFileSync('sqlite3', ['--version'], { encoding: 'utf8' }).split(' ').slice(0, 2).join(' '),
    loadAverageAtStart: load(),
  };
  log(`machine: ${JSON.stringify(machine)}`);
  const sizes = [SMALL, BIG];
  const results: Record<
    number,
    ReturnType<typeof summariseRuns> & {
      latency?: Awaited<ReturnType<typeof latency>>;
      db?: ReturnType<typeof dbSizes>;
    }
  > = {};
  let quoted: (ReturnType<typeof summariseRuns> & { latency?: Awaited<ReturnType<typeof latency>> }) | null = null;
  let sheet: {
    xlsxMb: number;
    importS: number;
    importCpuS: number;
    peakMb: number;
    /** Median of each run's xlsx import against the CSV import of the same run. */
    pairRatio: number;
    runs: { xlsxS: number; xlsxCpuS: number; peakMb: number; csvS: number }[];
  } | null = null;
  for (const n of sizes) {
    const csv = ensureBenchCsv(n);
    const quotedCsv = n === BIG && QUOTED ? ensureBenchCsv(n, 'quoted') : null;
    const xlsx = n === SMALL && XLSX_CASE ? ensureXlsx(n) : null;
    const db = join(OUT, `bench-${n}.sqlite`);
    const quotedDb = join(OUT, `bench-${n}-quoted.sqlite`);
    const runs: ImportRun[] = [];
    const quotedRuns: ImportRun[] = [];
    const sheetRuns: { xlsxS: number; xlsxCpuS: number; peakMb: number; csvS: number }[] = [];
    for (let run = 0; run < (n === BIG ? RUNS_BIG : RUNS); run++) {
      // The layouts alternate within a run, so a slow spell of the machine hits each.
      runs.push(pairOnce(csv, db, `${n}: run ${run + 1}`));
      if (quotedCsv) quotedRuns.push(pairOnce(quotedCsv, quotedDb, `${n} all quoted: run ${run + 1}`));
      if (xlsx) {
        const x = importOnce(xlsx, join(OUT, `bench-${n}-xlsx.sqlite`));
        const csvS = runs[runs.length - 1]!.importS;
        sheetRuns.push({ xlsxS: x.seconds, xlsxCpuS: x.cpuSeconds, peakMb: x.peakMb, csvS });
        log(
          `${n} xlsx: run ${run + 1}: import ${x.seconds.toFixed(2)} s (CPU ${x.cpuSeconds.toFixed(2)} s), peak ${x.peakMb.toFixed(0)} MB; ` +
            `xlsx / csv ${(x.seconds / csvS).toFixed(2)}`,
        );
      }
    }
    results[n] = { ...summariseRuns(csv, runs), db: dbSizes(db) };
    results[n]!.latency = await latency(db, 3900 + (n % 97));
    log(`${n}: ${JSON.stringify(results[n]!.latency)}`);
    if (quotedCsv) {
      quoted = { ...summariseRuns(quotedCsv, quotedRuns), latency: await latency(quotedDb, 3950 + (n % 47)) };
      log(`${n} all quoted: ${JSON.stringify(quoted.latency)}`);
    }
    if (xlsx) {
      sheet = {
        xlsxMb: mb(statSync(xlsx).size),
        importS: median(sheetRuns.map((r) => r.xlsxS)),
        importCpuS: median(sheetRuns.map((r) => r.xlsxCpuS)),
        peakMb: median(sheetRuns.map((r) => r.peakMb)),
        pairRatio: median(sheetRuns.map((r) => r.xlsxS / r.csvS)),
        runs: sheetRuns,
      };
    }
  }
  const startup = median([0, 1, 2].map(() => timed('node', [CLI, '--help']).seconds));
  const small = results[SMALL]!;
  const big = results[BIG]!;
  const f1 = (x: number) => x.toFixed(1);
  const f2 = (x: number) => x.toFixed(2);
  const perMillion = 1_000_000 / BIG;
  const md = `| Measure (median of ${RUNS} runs; ${RUNS_BIG} at ${BIG.toLocaleString('en')}) | ${SMALL.toLocaleString('en')} respondents | ${BIG.toLocaleString('en')} respondents | Target |
|---|---|---|---|
| CSV size | ${f1(small.csvMb)} MB | ${f1(big.csvMb)} MB | ~120 MB at 1M |
| Import, real CLI (\`maturity import\`, incl. ${f2(startup)} s process start) | ${f2(small.importS)} s | ${f2(big.importS)} s | |
| SQLite CLI \`.import\` into a plain table | ${f2(small.sqliteS)} s | ${f2(big.sqliteS)} s | |
| Ratio import / \`.import\`: median of each run's own ratio (ratio of the medians) | ${f2(small.pairRatio)}× (${f2(small.importS / small.sqliteS)}×) | ${f2(big.pairRatio)}× (${f2(big.importS / big.sqliteS)}×); runs ${big.runs.map((r) => f2(r.importS / r.sqliteS)).join(', ')} | ≤ 1.3× at 1M |
| CPU time of the import (user + system, all threads), median | ${f2(small.importCpuS)} s | ${f2(big.importCpuS)} s | |
| Peak RSS of the import | ${f1(small.peakMb)} MB | ${f1(big.peakMb)} MB | < 160 MB, 1M ≤ 100k + 32 MB (${f1(big.peakMb - small.peakMb)} MB more) |
| GET /api/v1/scores p95 (p50), 8 clients | ${f1(small.latency!.scoresP95)} (${f1(small.latency!.scoresP50)}) ms | ${f1(big.latency!.scoresP95)} (${f1(big.latency!.scoresP50)}) ms | < 50 ms, not growing |
| Overview page p95 (p50), 8 clients | ${f1(small.latency!.overviewP95)} (${f1(small.latency!.overviewP50)}) ms | ${f1(big.latency!.overviewP95)} (${f1(big.latency!.overviewP50)}) ms | < 50 ms, not growing |
| Gaps of one city (JSON, all peers), median | ${f1(small.latency!.gapsMs)} ms | ${f1(big.latency!.gapsMs)} ms | |
| Gap report of one city (PDF download), median of 5 | ${f1(small.latency!.reportPdfMs)} ms | ${f1(big.latency!.reportPdfMs)} ms | < 2 s |
| Database file | ${f1(mb(small.db!.file))} MB | ${f1(mb(big.db!.file))} MB | < 150 MB per 1M × 40 |
| … of which the original file (compressed) | ${f1(mb(small.db!.content))} MB | ${f1(mb(big.db!.content))} MB | |
| Database without the original file, per 1M × 40 | | ${f1(mb(big.db!.file - big.db!.content) * perMillion)} MB | |

${
  quoted
    ? `
Every field quoted (\`survey-${BIG}-quoted.csv\`: the same records, as Qualtrics, LimeSurvey and SurveyMonkey write; pairs alternate with the file above):

| Measure (median of ${RUNS_BIG} runs) | ${BIG.toLocaleString('en')} respondents, every field quoted | Target |
|---|---|---|
| CSV size | ${f1(quoted.csvMb)} MB | |
| Import, real CLI / SQLite CLI \`.import\` of the same file | ${f2(quoted.importS)} s / ${f2(quoted.sqliteS)} s | |
| Ratio: median of each run's own ratio (ratio of the medians) | ${f2(quoted.pairRatio)}× (${f2(quoted.importS / quoted.sqliteS)}×); runs ${quoted.runs.map((r) => f2(r.importS / r.sqliteS)).join(', ')} | ≤ 1.3× |
| CPU time of the import, median | ${f2(quoted.importCpuS)} s | |
| Peak RSS of the import | ${f1(quoted.peakMb)} MB | < 160 MB |
| GET /api/v1/scores p95 (p50), overview p95 (p50), 8 clients, this database | ${f1(quoted.latency!.scoresP95)} (${f1(quoted.latency!.scoresP50)}) ms, ${f1(quoted.latency!.overviewP95)} (${f1(quoted.latency!.overviewP50)}) ms | < 50 ms |
`
    : ''
}${
    sheet
      ? `
Spreadsheet: \`survey-${SMALL}.xlsx\` (${f1(sheet.xlsxMb)} MB), the same records as \`survey-${SMALL}.csv\`, through the same importer (\`maturity import\`):

| Measure (median of ${RUNS} runs) | .xlsx | same data as CSV | Target |
|---|---|---|---|
| Import, real CLI | ${f2(sheet.importS)} s | ${f2(small.importS)} s | |
| Ratio xlsx / csv: median of each run's own ratio | ${f2(sheet.pairRatio)}× (runs ${sheet.runs.map((r) => f2(r.xlsxS / r.csvS)).join(', ')}) | | ≤ 3× |
| CPU time of the import, median | ${f2(sheet.importCpuS)} s | ${f2(small.importCpuS)} s | |
| Peak RSS of the import | ${f1(sheet.peakMb)} MB | ${f1(small.peakMb)} MB | stated (the workbook is read whole: docs/import.md) |
`
      : ''
  }
Machine: ${machine.cpu}, ${machine.memoryGb} GB RAM, Node ${machine.node}, ${machine.sqlite3}; load average at start ${machine.loadAverageAtStart}, at the end ${load()}.
Largest tables at ${BIG.toLocaleString('en')} (bytes): ${Object.entries(big.db!.tables)
    .map(([k, v]) => `${k} ${f1(mb(v))} MB`)
    .join(', ')}.
`;
  writeFileSync(join(OUT, 'results.md'), md);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ machine, startup, results, quoted, sheet }, null, 2));
  process.stdout.write(md);
  // The PostgreSQL run doubles the bench's length: only when asked for.
  if (process.env.BENCH_PG === '1') await runPgBench();
}

await main();
