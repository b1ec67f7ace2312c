import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/create-db.js';
import { sqliteFileOf } from '../../src/db/sqlite-file.js';
import { createHeavyPool } from '../../src/offload/heavy-pool.js';
import { collectBootstrapSamples, loadBootstrapSamples } from '../../src/services/index-uncertainty-data.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';

// A database file (not :memory:): the worker thread opens it itself.
const dir = mkdtempSync(join(tmpdir(), 'maturity-samples-'));
const file = join(dir, 'demo.sqlite');
const store = await openSqlite(file);
await loadDemo(store, new Date('2026-06-01T00:00:00Z'));
const ws = await loadWaveScoring(store.db, 2026);
const slugById = new Map([...ws.citiesBySlug.values()].map((c) => [c.id, c.slug]));
const pool = createHeavyPool({ threads: 1, queue: 4 });
afterAll(async () => {
  await pool.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bootstrap respondent pass on the worker pool', () => {
  it('reads the SQLite file on a worker thread and gives the same samples as the pass on this thread', async () => {
    expect(sqliteFileOf(store.db)).toBe(file);
    const here = await collectBootstrapSamples(store.db, ws.wave.id, ws.instrument, slugById, ws.scorer);
    // Every demo city has respondents: an empty result would make the comparison below vacuous.
    expect(here.length).toBe(ws.cities.length);
    const before = pool.stats().completed;
    const there = await pool.run('bootstrap-samples', {
      file,
      waveId: ws.wave.id,
      instrument: ws.instrument,
      slugById,
    });
    expect(pool.stats().completed).toBe(before + 1);
    expect(there).toEqual(here);
  });

  it('is what loadBootstrapSamples uses for a database file, once per data version', async () => {
    const before = pool.stats().completed;
    const samples = await loadBootstrapSamples(store.db, pool, ws);
    const again = await loadBootstrapSamples(store.db, pool, ws);
    expect(pool.stats().completed).toBe(before + 1);
    expect(again).toBe(samples);
    const gent = samples.get('gent');
    expect(gent?.n).toBeGreaterThan(0);
  });

  it('knows no file for an in-memory database, so its pass stays on this thread', async () => {
    const memory = await openSqlite(':memory:');
    expect(sqliteFileOf(memory.db)).toBeUndefined();
    await memory.close();
  });
});
