import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeavyPool, type HeavyPool } from '../../src/offload/heavy-pool.js';
import { makeTestApp, type TestAgent, type TestApp } from '../support/test-app.js';

const pools: HeavyPool[] = [];
const pool = (threads: number, queue: number) => {
  const p = createHeavyPool({ threads, queue });
  pools.push(p);
  return p;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

/** Resolves once `ready()` holds, checking after each turn of the event loop (no fixed sleep). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve));
}

describe('heavy requests run on the worker pool, off the request thread', () => {
  let t: TestApp;
  let heavy: HeavyPool;
  let viewer: TestAgent;
  beforeAll(async () => {
    heavy = pool(1, 32);
    t = await makeTestApp({ heavy });
    viewer = await t.as('viewer');
  });

  it('caps the rank-stability draws at 2,000 with a 400 that says so', async () => {
    const res = await viewer.get('/api/v1/scores?wave=2026&rankStability=1&draws=2001');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('query-invalid');
    expect(res.body.error.message).toBe(
      'Query parameter "draws": at most 2,000 draws per request (the default is 1,000); ask for fewer.',
    );
    const max = await viewer.get('/api/v1/scores?wave=2026&rankStability=1&draws=2000&seed=3');
    expect(max.status).toBe(200);
    expect(max.body.rankStability).toMatchObject({ draws: 2000, seed: 3 });
  });

  it('answers /health and a cheap API request while 4 PDFs and 3 max-draws requests are being computed', async () => {
    // The shared data first (the wave's bootstrap sample and its default intervals), so that each
    // heavy request below is exactly one task on the pool.
    expect((await viewer.get('/reports/gap.csv?city=gent&wave=2026')).status).toBe(200);
    let heavyDone = 0;
    const track = (req: PromiseLike<{ status: number }>) =>
      Promise.resolve(req).then((res) => {
        heavyDone++;
        return res;
      });
    const base = heavy.stats().completed;
    // Distinct reports and seeds: nothing comes from the cache.
    const heavyRequests = [
      ...['antwerpen', 'leuven', 'utrecht', 'porto'].map((city) =>
        track(viewer.get(`/reports/gap.pdf?city=${city}&wave=2026`)),
      ),
      ...[101, 102, 103].map((seed) =>
        track(viewer.get(`/api/v1/scores?wave=2026&rankStability=1&draws=2000&seed=${seed}`)),
      ),
    ];
    // Every heavy request has handed its task to the pool (one thread: they run one after another).
    await until(() => {
      const st = heavy.stats();
      return st.completed - base + st.running + st.queued >= 7;
    });
    const [health, waves] = await Promise.all([viewer.get('/health'), viewer.get('/api/v1/waves')]);
    expect(health.status).toBe(200);
    expect(waves.status).toBe(200);
    // Both answered while the heavy ones were still being computed: they did not wait behind them.
    expect(heavyDone).toBeLessThan(7);
    expect(heavy.stats().running + heavy.stats().queued).toBeGreaterThan(0);
    for (const res of await Promise.all(heavyRequests)) expect(res.status).toBe(200);
    expect(heavy.stats().completed - base).toBe(7);
  });

  it('serves a repeated report from the cache of this data version, without the pool', async () => {
    await viewer.get('/reports/gap.csv?city=gent&wave=2026&lang=nl'); // the shared intervals, computed once
    const before = heavy.stats().completed;
    const first = await viewer.get('/reports/gap.pdf?city=gent&wave=2026&lang=nl');
    const again = await viewer.get('/reports/gap.pdf?city=gent&wave=2026&lang=nl');
    expect(first.status).toBe(200);
    expect(Buffer.compare(first.body as Buffer, again.body as Buffer)).toBe(0);
    expect(heavy.stats().completed).toBe(before + 1);
  });
});

describe('a full queue', () => {
  it('answers 503 with Retry-After and a JSON error, not a growing wait', async () => {
    const busy = pool(1, 0);
    const t = await makeTestApp({ heavy: busy });
    const viewer = await t.as('viewer');
    // Hold the one thread with a long simulation: the most draws over 3,000 made-up cities.
    const cities = Array.from({ length: 3000 }, (_, i) => ({
      city: `c${i}`,
      scores: [40 + (i % 37), 60 - (i % 23), 50, 45 + (i % 11), 55],
    }));
    const hold = busy.run('index-uncertainty', {
      input: { weights: [1, 1, 1, 1, 1], cities },
      options: { draws: 2000 },
    });
    hold.catch(() => {}); // ended by close() below
    const res = await viewer.get('/reports/gap.pdf?city=gent&wave=2026').set('Accept', 'application/json');
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(res.body.error.code).toBe('server-busy');
    expect(res.body.error.message).toMatch(/try again in \d+ s/);
    // A page that only shows a simulated figure renders without it.
    const page = await viewer.get('/cities/gent?wave=2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="index-rank"');
    expect(page.text).not.toMatch(/id="index-rank">[^<]*\(/);
    await busy.close();
  });
});
