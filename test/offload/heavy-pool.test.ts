import { afterAll, describe, expect, it } from 'vitest';
import { indexUncertainty } from '../../src/domain/index-uncertainty.js';
import { createHeavyPool, ServerBusyError } from '../../src/offload/heavy-pool.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { renderReport } from '../../src/reports/render-report.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { demoStore } from '../support/test-store.js';

const store = await demoStore();
const ws = await loadWaveScoring(store.db, 2026);
const input = {
  input: {
    weights: ws.instrument.dimensions.map((d) => d.weight),
    cities: ws.cities.map((c) => ({ city: c.city, scores: c.dimensions.map((d) => d.score) })),
  },
  options: { draws: 300, seed: 11 },
};
const pools = [createHeavyPool({ threads: 1, queue: 2 }), createHeavyPool({ threads: 0, queue: 2 })];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
  await store.close();
});

describe('the heavy-work pool', () => {
  it('runs the index uncertainty on a worker thread (the TypeScript source, through tsx) with the same figures as here', async () => {
    const [worker, inline] = pools;
    const here = indexUncertainty(input.input, input.options);
    expect(await worker!.run('index-uncertainty', input)).toEqual(here);
    expect(await inline!.run('index-uncertainty', input)).toEqual(here);
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
    const accepted = [
      pool.run('index-uncertainty', input),
      pool.run('index-uncertainty', input),
      pool.run('index-uncertainty', input),
    ];
    const refused = pool.run('index-uncertainty', input);
    await expect(refused).rejects.toBeInstanceOf(ServerBusyError);
    await expect(refused).rejects.toMatchObject({ code: 'server-busy', retryAfterSeconds: expect.any(Number) });
    expect(
      ((await refused.catch((e: ServerBusyError) => e)) as ServerBusyError).retryAfterSeconds,
    ).toBeGreaterThanOrEqual(1);
    expect(pool.stats().refused).toBe(1);
    await Promise.all(accepted);
    await expect(pool.run('index-uncertainty', input)).resolves.toEqual(indexUncertainty(input.input, input.options));
  });
});
