/**
 * `npm run bench:pg` (or `BENCH_PG=1 npm run bench`, after the SQLite run):
 * the PostgreSQL path on a throwaway cluster started the way the tests start
 * theirs (test/support/pg-cluster.ts: initdb in a temp folder, fsync off, TCP
 * on 127.0.0.1). On the seeded files of `npm run bench` (bench-data/,
 * generated when missing) it measures:
 *   - `maturity import` into a fresh database against `psql \copy` of the
 *     same file into a plain table of text columns, in alternating pairs
 *     (psql first, then the import): medians, and the median of each pair's
 *     own ratio;
 *   - the import's peak RSS and CPU time (GNU time);
 *   - GET /api/v1/scores p50/p95 at 8 concurrent clients with the large file
 *     stored: one app process, then two processes on the same database (the
 *     clients spread over both), at each pool size of BENCH_PG_POOLS.
 * Environment: BENCH_RESPONDENTS (1000000), BENCH_SMALL (100000; 0 skips it),
 * BENCH_RUNS (3), BENCH_PG_WARMUP (uncounted pairs first, 1), BENCH_REQUESTS (per client, 40), BENCH_PG_POOLS (pool sizes
 * per process, "10,4"), PG_BIN (server binaries). Results in
 * bench-data/pg-results.json and pg-results.md.
 */
import { timedGetter } from './timed-get.js';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findPgBin, freePort, startCluster } from '../../test/support/pg-cluster.js';
import { BENCH_DIR as OUT, BENCH_WAVE, benchInstrumentJson, ensureBenchCsv } from './bench-data.js';
import { CLI, load, log, median, percentile, timed, viewerToken } from './measure.js';

const BIG = Number(process.env.BENCH_RESPONDENTS ?? 1_000_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/**
 * Pairs run first and not counted: the first import into a new cluster paid for what only the
 * first does (the cluster's first WAL files, its caches), 1–1.5 s more of the server's CPU.
 */
const WARM_UP_PAIRS = Number(process.env.BENCH_PG_WARMUP ?? 1);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const POOLS = (process.env.BENCH_PG_POOLS ?? '10,4').split(',').map(Number);
const CLIENTS = 8;
/** Requests per client before timing starts. */
const WARM_UP = 10;

/**
 * CPU seconds used so far by the whole cluster: the postmaster, its live
 * children, and the children it has reaped (a backend's time goes to its
 * parent's cutime/cstime when it exits). Linux /proc, 100 ticks a second.
 */
function clusterCpuSeconds(postmaster: number): number {
  const ticks = (pid: number, withChildren: boolean) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after the command name.
      return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      return 0; // exited meanwhile: counted in the parent's cutime
    }
  };
  const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return (ticks(postmaster, true) + children.reduce((sum, pid) => sum + ticks(Number(pid), true), 0)) / 100;
}

function headerOf(csv: string): string[] {
  const fd = openSync(csv, 'r');
  const buf = Buffer.alloc(64 << 10);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n).toString('utf8').split('\n')[0]!.split(',');
}

interface ImportRun {
  readonly psqlS: number;
  /** psql's CPU and the cluster's during the \\copy. */
  readonly psqlCpuS: number;
  /** The import's CPU (all threads) and the cluster's during the import. */
  readonly importTotalCpuS: number;
  readonly importS: number;
  readonly importCpuS: number;
  readonly peakMb: number;
  readonly loadBefore: string;
}

interface Reads {
  readonly processes: number;
  readonly poolMax: number;
  readonly p50: number;
  readonly p95: number;
  readonly requests: number;
  readonly loadBefore: string;
}

/** The whole PostgreSQL run; also called by `npm run bench` when BENCH_PG=1. */
export async function runPgBench(): Promise<void> {
  const bin = findPgBin();
  if (!bin) throw new Error('No PostgreSQL server binaries (install postgresql, or set PG_BIN).');
  mkdirSync(OUT, { recursive: true });
  const instrument = join(OUT, 'instrument.json');
  writeFileSync(instrument, benchInstrumentJson());
  const psql = join(bin, 'psql');
  const machine = `${cpus().length} × ${cpus()[0]?.model}`;
  log(`machine: ${machine}; load ${load()}`);
  const cluster = await startCluster(bin);
  const admin = cluster.url;
  const sqlAdmin = (statement: string) => execFileSync(psql, [admin, '-qAtc', statement], { encoding: 'utf8' });
  const dbUrl = (name: string) => admin.replace(/\/postgres$/, `/${name}`);
  // The postmaster is the parent of the checkpointer, which lives as long as the cluster (a backend
  // of psql's may already be gone when its /proc entry is read).
  const checkpointer = Number(sqlAdmin(`select pid from pg_stat_activity where backend_type = 'checkpointer'`).trim());
  const postmaster = Number(readFileSync(`/proc/${checkpointer}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  const servers: ChildProcess[] = [];
  const imports: Record<
    number,
    { psqlS: number; importS: number; pairRatio: number; peakMb: number; runs: ImportRun[] }
  > = {};
  const reads: Reads[] = [];
  const loadAtStart = load();
  try {
    for (const n of [SMALL, BIG].filter((x) => x > 0)) {
      const csv = ensureBenchCsv(n);
      const columns = headerOf(csv);
      const runs: ImportRun[] = [];
      for (let run = -WARM_UP_PAIRS; run < RUNS; run++) {
        const loadBefore = load();
        sqlAdmin('drop database if exists plain');
        sqlAdmin('create database plain');
        execFileSync(psql, [
          dbUrl('plain'),
          '-qc',
          `create table plain (${columns.map((_, i) => `c${i} text`).join(', ')})`,
        ]);
        const cpu0 = clusterCpuSeconds(postmaster);
        const copy = timed(psql, [dbUrl('plain'), '-qc', `\\copy plain from '${csv}' with (format csv, header true)`]);
        const psqlCpuS = copy.cpuSeconds + clusterCpuSeconds(postmaster) - cpu0;
        sqlAdmin('drop database if exists app');
        sqlAdmin('create database app');
        execFileSync('node', [CLI, 'instrument', 'add', instrument, '--db', dbUrl('app')], { stdio: 'ignore' });
        const cpu1 = clusterCpuSeconds(postmaster);
        const imp = timed('node', [CLI, 'import', csv, '--instrument', 'bench-40', '--db', dbUrl('app')]);
        const importTotalCpuS = imp.cpuSeconds + clusterCpuSeconds(postmaster) - cpu1;
        if (run < 0) {
          log(
            `${n}: warm-up pair, not counted: psql \\copy ${copy.seconds.toFixed(2)} s; import ${imp.seconds.toFixed(2)} s (CPU with the server's ${importTotalCpuS.toFixed(2)} s)`,
          );
          continue;
        }
        runs.push({
          psqlS: copy.seconds,
          psqlCpuS,
          importTotalCpuS,
          importS: imp.seconds,
          importCpuS: imp.cpuSeconds,
          peakMb: imp.peakMb,
          loadBefore,
        });
        log(
          `${n}: pair ${run + 1} (load ${loadBefore}): psql \\copy ${copy.seconds.toFixed(2)} s; import ${imp.seconds.toFixed(2)} s (CPU ${imp.cpuSeconds.toFixed(2)} s), peak ${imp.peakMb.toFixed(1)} MB; ratio ${(imp.seconds / copy.seconds).toFixed(2)}; CPU with the server's: psql ${psqlCpuS.toFixed(2)} s, import ${importTotalCpuS.toFixed(2)} s`,
        );
      }
      imports[n] = {
        psqlS: median(runs.map((r) => r.psqlS)),
        importS: median(runs.map((r) => r.importS)),
        pairRatio: median(runs.map((r) => r.importS / r.psqlS)),
        peakMb: median(runs.map((r) => r.peakMb)),
        runs,
      };
    }
    sqlAdmin('drop database if exists plain');

    // Reads with the large file stored (the last pair's database).
    const url = dbUrl('app');
    const token = viewerToken(url);
    const start = async (poolMax: number) => {
      const port = await freePort();
      const server = spawn('node', [CLI, 'serve', '--db', url, '--port', String(port)], {
        env: { ...process.env, HOST: '127.0.0.1', PGPOOL_MAX: String(poolMax) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.stdout!.on('data', (d: Buffer) => d.toString().includes('running') && resolve());
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      return { port, server };
    };
    const client = timedGetter(CLIENTS, token);
    const get = (port: number, path: string) => client.get(`http://127.0.0.1:${port}${path}`);
    const path = `/api/v1/scores?wave=${BENCH_WAVE}&instrument=bench-40`;
    const measure = async (ports: number[], poolMax: number): Promise<Reads> => {
      // Steady state, as a long-running server is: each process's code optimised and its pool's connections open.
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < WARM_UP; i++) await get(ports[c % ports.length]!, path);
        }),
      );
      const loadBefore = load();
      const times: number[] = [];
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < REQUESTS; i++) times.push(await get(ports[c % ports.length]!, path));
        }),
      );
      const result = {
        processes: ports.length,
        poolMax,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        requests: times.length,
        loadBefore,
      };
      log(`scores: ${JSON.stringify(result)}`);
      return result;
    };
    for (const poolMax of POOLS) {
      const first = await start(poolMax);
      reads.push(await measure([first.port], poolMax));
      const second = await start(poolMax);
      reads.push(await measure([first.port, second.port], poolMax));
      for (const s of [first, second]) s.server.kill('SIGTERM');
    }
    client.close();
  } finally {
    for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
    cluster.stop();
  }
  const pg = execFileSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim();
  const results = { machine, node: process.version, pg, loadAtStart, loadAtEnd: load(), imports, reads };
  writeFileSync(join(OUT, 'pg-results.json'), JSON.stringify(results, null, 2));
  const f2 = (x: number) => x.toFixed(2);
  const rows = Object.entries(imports).flatMap(([n, r]) => [
    `| ${Number(n).toLocaleString('en')}: \`psql \\copy\` | ${r.runs.map((x) => `${f2(x.psqlS)} s`).join(' | ')} | ${f2(r.psqlS)} s |`,
    `| ${Number(n).toLocaleString('en')}: \`maturity import\` (CPU) | ${r.runs.map((x) => `${f2(x.importS)} s (${f2(x.importCpuS)})`).join(' | ')} | ${f2(r.importS)} s |`,
    `| ${Number(n).toLocaleString('en')}: pair ratio | ${r.runs.map((x) => `${f2(x.importS / x.psqlS)}×`).join(' | ')} | **${f2(r.pairRatio)}×** |`,
    `| ${Number(n).toLocaleString('en')}: CPU of psql + server (import + server) | ${r.runs.map((x) => `${f2(x.psqlCpuS)} s (${f2(x.importTotalCpuS)} s)`).join(' | ')} | |`,
    `| ${Number(n).toLocaleString('en')}: CPU ratio | ${r.runs.map((x) => `${f2(x.importTotalCpuS / x.psqlCpuS)}×`).join(' | ')} | ${f2(median(r.runs.map((x) => x.importTotalCpuS / x.psqlCpuS)))}× |`,
    `| ${Number(n).toLocaleString('en')}: peak RSS of the import | ${r.runs.map((x) => `${x.peakMb.toFixed(1)} MB`).join(' | ')} | **${r.peakMb.toFixed(1)} MB** |`,
    `| ${Number(n).toLocaleString('en')}: load average before the pair | ${r.runs.map((x) => x.loadBefore.split(' ')[0]).join(' | ')} | |`,
  ]);
  const md = `${pg}, Node ${process.version}, ${machine}; load average ${loadAtStart} at start, ${results.loadAtEnd} at end.

| | ${Array.from({ length: RUNS }, (_, i) => `pair ${i + 1}`).join(' | ')} | median |
|---|${'---|'.repeat(RUNS)}---|
${rows.join('\n')}

GET /api/v1/scores with ${BIG.toLocaleString('en')} stored, ${CLIENTS} clients × ${REQUESTS} requests:

| app processes | pool per process | p50 | p95 | load before |
|---|---|---|---|---|
${reads.map((r) => `| ${r.processes} | ${r.poolMax} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.loadBefore.split(' ')[0]} |`).join('\n')}
`;
  writeFileSync(join(OUT, 'pg-results.md'), md);
  process.stdout.write(md);
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await runPgBench();
