/**
 * `npm run bench:load`: a mixed load against the real server, as `maturity
 * serve` runs it (the compiled CLI, its worker pool). 16 clients, each
 * picking its next request at random from the overview, the focus city's
 * page, compare, a segment view, the scores and gaps API, and the CSV and
 * PDF gap reports (of a random city and language), for a set time. A
 * separate probe asks `/health` every 250 ms. Reports throughput, p50/p95/max
 * per kind of request, errors, /health latency, and the server's RSS (the
 * whole process: request thread and worker threads) at the start, after the
 * first minute and at the end; from inside the server (loop-monitor.mjs,
 * preloaded), the request thread's event loop delay and each thread's heap.
 *
 * Usage: npm run bench:load [-- --duration 40] [--soak 600] [--db file.sqlite | --1m]
 *        [--clients 16] [--city gent] [--segment role:it] [--port 3791] [--profile]
 *        npm run bench:soak   (the ten-minute soak: --soak 600)
 * Without --db it serves a fresh database in bench-data/, which the server
 * fills with the demo data set; --1m serves bench-data/bench-1000000.sqlite
 * (made by `npm run bench`). --profile writes CPU profiles of every server
 * thread to bench-data/profiles/. Results also go to bench-data/load-results.json.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../../src/paths.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '40' },
    soak: { type: 'string' },
    db: { type: 'string' },
    clients: { type: 'string', default: '16' },
    city: { type: 'string' },
    segment: { type: 'string', default: 'role:it' },
    port: { type: 'string', default: '3791' },
    '1m': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(args.soak ?? args.duration);
const CLIENTS = Number(args.clients);
const PORT = Number(args.port);
const OUT = join(PROJECT_ROOT, 'bench-data');
const CLI = join(PROJECT_ROOT, 'bin', 'maturity.js');
const log = (line: string) => process.stderr.write(`${line}\n`);
if (!(SECONDS > 0) || !(CLIENTS > 0)) throw new Error('--duration/--soak and --clients must be positive numbers.');

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'))!;
  return Number(line.split(/\s+/)[1]) / 1024;
};

/** A fresh database (the server loads the demo into it), or the one given. */
function database(): { path: string; fresh: boolean } {
  if (args.db) return { path: args.db, fresh: false };
  if (args['1m']) {
    const path = join(OUT, 'bench-1000000.sqlite');
    if (!existsSync(path)) throw new Error(`--1m: ${path} is missing; \`npm run bench\` makes it.`);
    return { path, fresh: false };
  }
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `load-demo-${process.pid}.sqlite`);
  return { path, fresh: true };
}

/** A viewer and its API token, through the real CLI (the viewer's password is random). */
function viewerToken(db: string): string {
  const name = `load-viewer-${process.pid}`;
  const env = { ...process.env, MATURITY_PASSWORD: `bench-${randomUUID()}` };
  execFileSync('node', [CLI, 'user', 'add', name, '--role', 'viewer', '--db', db], { env, stdio: 'ignore' });
  const out = execFileSync('node', [CLI, 'token', 'create', name, '--json', '--db', db], { encoding: 'utf8' });
  return (JSON.parse(out) as { token: string }).token;
}

/** One second of one server thread's own sampling (loop-monitor.mjs). */
interface MonitorLine {
  /** 0: the request thread; else a worker. */
  readonly thread: number;
  /** Wall-clock ms. */
  readonly at: number;
  readonly delayP50: number;
  readonly delayP99: number;
  readonly delayMax: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

/** A moment of the run: the request thread's sample and the V8 heaps of the worker threads alive then. */
interface MonitorMoment {
  readonly main: MonitorLine;
  readonly workers: number;
  readonly workersHeapTotal: number;
}

/** The samples taken during the measured run (not the start-up and warm-up), summed up. */
function readMonitor(file: string, runStartedAtMs: number) {
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as MonitorLine)
        .filter((l) => l.at >= runStartedAtMs)
    : [];
  const main = lines.filter((l) => l.thread === 0);
  const moment = (l: MonitorLine | undefined): MonitorMoment | null => {
    if (!l) return null;
    // Each worker's latest sample within the 10 s before (a worker drawing a report samples late).
    const latest = new Map<number, MonitorLine>();
    for (const w of lines) if (w.thread !== 0 && w.at <= l.at && w.at > l.at - 10_000) latest.set(w.thread, w);
    const heaps = [...latest.values()].reduce((sum, w) => sum + w.heapTotal, 0);
    return { main: l, workers: latest.size, workersHeapTotal: Math.round(heaps * 10) / 10 };
  };
  const p99s = main.map((l) => l.delayP99).sort((a, b) => a - b);
  return {
    eventLoop: {
      seconds: main.length,
      p50OfP99: percentile(p99s, 50),
      p99OfP99: percentile(p99s, 99),
      max: Math.max(...main.map((l) => l.delayMax)),
      secondsOver50: p99s.filter((d) => d > 50).length,
    },
    memory: {
      start: moment(main[0]),
      afterFirstMinute: moment(main.find((l) => l.at >= runStartedAtMs + 60_000)),
      end: moment(main.at(-1)),
    },
    samples: lines,
  };
}

async function main(): Promise<void> {
  const db = database();
  log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
  // The event loop's delay and the main thread's heap, sampled inside the server each second.
  const monitorFile = join(OUT, `load-monitor-${process.pid}.jsonl`);
  mkdirSync(OUT, { recursive: true });
  rmSync(monitorFile, { force: true });
  const nodeArgs = ['--import', pathToFileURL(join(PROJECT_ROOT, 'scripts', 'bench', 'loop-monitor.mjs')).href];
  if (args.profile) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${join(OUT, 'profiles')}`);
  const server = spawn('node', [...nodeArgs, CLI, 'serve', '--db', db.path, '--port', String(PORT)], {
    env: { ...process.env, HOST: '127.0.0.1', MATURITY_LOOP_MONITOR: monitorFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    server.stdout!.on('data', (d: Buffer) => d.toString().includes('is running') && resolve());
    server.on('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  const pid = server.pid!;
  const token = viewerToken(db.path);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 1 });
  const base = `http://127.0.0.1:${PORT}`;
  /** Time to the last byte, body read but not decoded (gzip is accepted, as a browser does). */
  const get = (path: string) =>
    new Promise<{ ms: number; status: number }>((resolve) => {
      const t = performance.now();
      http
        .get(
          base + path,
          { agent, headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'gzip' } },
          (res) => {
            res.on('data', () => {});
            res.on('end', () => resolve({ ms: performance.now() - t, status: res.statusCode ?? 0 }));
          },
        )
        .on('error', () => resolve({ ms: performance.now() - t, status: 0 }));
    });
  const getJson = async <T>(path: string): Promise<T> =>
    (await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.json())) as T;

  try {
    const waves = await getJson<{ wave: number; instrument: string }[]>('/api/v1/waves');
    const { wave, instrument } = waves[0]!;
    const q = `wave=${wave}&instrument=${encodeURIComponent(instrument)}`;
    const scores = await getJson<{ cities: { city: string; slug: string }[] }>(`/api/v1/scores?${q}`);
    const focus = scores.cities.find((c) => c.slug === (args.city ?? 'gent')) ?? scores.cities[0]!;
    const slugs = scores.cities.map((c) => c.slug);
    const anyCity = () => slugs[Math.floor(Math.random() * slugs.length)]!;
    const anyLang = () => (Math.random() < 0.5 ? 'en' : 'nl');
    const kinds: Record<string, () => string> = {
      overview: () => `/?${q}`,
      city: () => `/cities/${focus.slug}?${q}`,
      compare: () => `/compare?cities=${encodeURIComponent(focus.city)}&peers=largest:5&${q}`,
      segment: () => `/?${q}&segment=${encodeURIComponent(args.segment!)}`,
      'scores-api': () => `/api/v1/scores?${q}`,
      'gaps-api': () => `/api/v1/cities/${focus.slug}/gaps?${q}`,
      'csv-report': () => `/reports/gap.csv?city=${anyCity()}&lang=${anyLang()}&${q}`,
      'pdf-report': () => `/reports/gap.pdf?city=${anyCity()}&lang=${anyLang()}&${q}`,
    };
    const names = Object.keys(kinds);
    // One request of each kind first: template compiles and the worker's start are not the figures.
    for (const name of names) await get(kinds[name]!());

    const times = new Map<string, number[]>(names.map((n) => [n, []]));
    const errors = new Map<string, Map<number, number>>(names.map((n) => [n, new Map()]));
    const health: number[] = [];
    let healthErrors = 0;
    const rss: { at: number; mb: number }[] = [];
    const started = performance.now();
    const startedWallMs = Date.now();
    const deadline = started + SECONDS * 1000;
    rss.push({ at: 0, mb: rssMb(pid) });
    const sampler = setInterval(() => rss.push({ at: (performance.now() - started) / 1000, mb: rssMb(pid) }), 1000);
    const probe = (async () => {
      while (performance.now() < deadline) {
        const r = await get('/health');
        health.push(r.ms);
        if (r.status !== 200) healthErrors++;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    let lastReport = started;
    const clients = Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const name = names[Math.floor(Math.random() * names.length)]!;
        const r = await get(kinds[name]!());
        if (r.status === 200) times.get(name)!.push(r.ms);
        else errors.get(name)!.set(r.status, (errors.get(name)!.get(r.status) ?? 0) + 1);
        if (performance.now() - lastReport > 60_000) {
          lastReport = performance.now();
          const done = [...times.values()].reduce((s, t) => s + t.length, 0);
          log(`  ${((lastReport - started) / 1000).toFixed(0)} s: ${done} requests, RSS ${rssMb(pid).toFixed(1)} MB`);
        }
      }
    });
    await Promise.all([...clients, probe]);
    clearInterval(sampler);
    const elapsed = (performance.now() - started) / 1000;
    rss.push({ at: elapsed, mb: rssMb(pid) });

    const rows = names.map((name) => {
      const sorted = times.get(name)!.sort((a, b) => a - b);
      const failed = [...errors.get(name)!].map(([status, n]) => `${n}× ${status || 'socket'}`).join(', ');
      return {
        kind: name,
        requests: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        max: sorted.at(-1) ?? NaN,
        errors: failed,
      };
    });
    const total = rows.reduce((s, r) => s + r.requests, 0);
    const errorCount = [...errors.values()].reduce((s, m) => s + [...m.values()].reduce((a, b) => a + b, 0), 0);
    const healthSorted = health.sort((a, b) => a - b);
    const atMinute = rss.find((r) => r.at >= 60);
    const result = {
      database: db.fresh ? 'demo (fresh)' : db.path,
      seconds: Math.round(elapsed),
      clients: CLIENTS,
      requests: total,
      throughput: total / elapsed,
      errors: errorCount,
      kinds: rows,
      health: {
        requests: health.length,
        errors: healthErrors,
        p50: percentile(healthSorted, 50),
        p95: percentile(healthSorted, 95),
        max: healthSorted.at(-1) ?? NaN,
      },
      rssMb: {
        start: rss[0]!.mb,
        afterFirstMinute: atMinute?.mb ?? null,
        end: rss.at(-1)!.mb,
        max: Math.max(...rss.map((r) => r.mb)),
      },
      loadAverage: { end: loadavg() },
    };
    const monitor = readMonitor(monitorFile, startedWallMs);
    Object.assign(result, { eventLoop: monitor.eventLoop, memory: monitor.memory });
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
    console.log(
      `\n${result.database}: ${CLIENTS} clients for ${result.seconds} s, ${total} requests (${result.throughput.toFixed(1)}/s), ${errorCount} errors\n`,
    );
    console.log('| kind | requests | p50 ms | p95 ms | max ms | errors |');
    console.log('|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(`| ${r.kind} | ${r.requests} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.max)} | ${r.errors || 0} |`);
    const h = result.health;
    console.log(
      `| /health (probe, every 250 ms) | ${h.requests} | ${f(h.p50)} | ${f(h.p95)} | ${f(h.max)} | ${h.errors} |`,
    );
    const m = result.rssMb;
    console.log(
      `\nserver RSS: ${f(m.start)} MB at the start, ${m.afterFirstMinute === null ? '– (run shorter than a minute)' : `${f(m.afterFirstMinute)} MB after the first minute`}, ${f(m.end)} MB at the end (max ${f(m.max)} MB)`,
    );
    const el = monitor.eventLoop;
    console.log(
      `request thread's event loop delay (sampled inside the server, per second): median second's p99 ${f(el.p50OfP99)} ms, p99 of the seconds' p99 ${f(el.p99OfP99)} ms, worst ${f(el.max)} ms; ${el.secondsOver50} of ${el.seconds} s with a p99 over 50 ms`,
    );
    const mem = monitor.memory;
    const heap = (s: MonitorMoment | null) =>
      s
        ? `request thread ${f(s.main.heapTotal)} MB V8 heap (${f(s.main.heapUsed)} used) + ${f(s.main.external)} MB external; ${s.workers} worker(s) ${f(s.workersHeapTotal)} MB V8 heap`
        : '–';
    console.log(`RSS is the whole process (all threads). Of it, at the start: ${heap(mem.start)}`);
    console.log(`  after the first minute: ${heap(mem.afterFirstMinute)}`);
    console.log(`  at the end: ${heap(mem.end)}`);
    const perMinute = rss.filter((r, i) => i === 0 || Math.floor(r.at / 60) > Math.floor(rss[i - 1]!.at / 60));
    console.log(`server RSS each minute: ${perMinute.map((r) => `${Math.round(r.at)} s ${f(r.mb)}`).join(', ')} MB`);
    console.log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    mkdirSync(OUT, { recursive: true });
    writeFileSync(
      join(OUT, 'load-results.json'),
      `${JSON.stringify({ ...result, rssSamples: rss, serverSamples: monitor.samples }, null, 1)}\n`,
    );
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(monitorFile, { force: true });
    if (db.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(db.path + suffix, { force: true });
  }
}

await main();
