import { afterAll, describe, expect, it } from 'vitest';
import { rankStability } from '../../src/domain/rank-stability.js';
import { createHeavyPool, ServerBusyError } from '../../src/offload/heavy-pool.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { renderReport } from '../../src/reports/render-report.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { demoStore } from '../support/test-store.js';

const store = await demoStore();
const ws = await loadWaveScoring(store.db, 2026);
const input = { instrument: ws.instrument, cities: ws.cities, options: { draws: 300, seed: 11 } };
const pools = [createHeavyPool({ threads: 1, queue: 2 }), createHeavyPool({ threads: 0, queue: 2 })];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await store.close();
});

describe('the heavy-work pool', () => {
  it('runs rank stability on a worker thread (the TypeScript source, through tsx) with the same figures as here', async () => {
    const [worker, inline] = pools;
    const here = rankStability(ws.instrument, ws.cities, input.options);
    expect(await worker!.run('rank-stability', input)).toEqual(here);
    expect(await inline!.run('rank-stability', input)).toEqual(here);
    expect(worker!.stats()).toMatchObject({ threads: 1, running: 0, queued: 0, completed: 1, refused: 0 });
  });

  it('hands a rendered report back as a Buffer with the same bytes as rendering here', async () => {
    const report = await loadGapReport(store.db, { city: 'gent', wave: 2026, now: new Date('2026-06-02T00:00:00Z') });
    const bytes = await pools[0]!.run('render-report', { report, format: 'csv' });
    expect(Buffer.isBuffer(bytes)).toBe(true);
    expect(bytes.equals(await renderReport(report, 'csv'))).toBe(true);
    const pdf = await pools[0]!.run('render-report', { report, format: 'pdf' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('refuses a task beyond threads + queue at once with ServerBusyError, and takes work again once there is room', async () => {
    const pool = pools[0]!;
    // Called synchronously: the bound is checked before anything is awaited.
    const accepted = [pool.run('rank-stability', input), pool.run('rank-stability', input), pool.run('rank-stability', input)];
    const refused = pool.run('rank-stability', input);
    await expect(refused).rejects.toBeInstanceOf(ServerBusyError);
    await expect(refused).rejects.toMatchObject({ code: 'server-busy', retryAfterSeconds: expect.any(Number) });
    expect(((await refused.catch((e: ServerBusyError) => e)) as ServerBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(pool.stats().refused).toBe(1);
    await Promise.all(accepted);
    await expect(pool.run('rank-stability', input)).resolves.toMatchObject({ draws: 300, seed: 11 });
  });
});
