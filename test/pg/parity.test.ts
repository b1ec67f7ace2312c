import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Store } from '../../src/db/create-db.js';
import { listImports } from '../../src/db/repositories/imports.js';
import { listCities } from '../../src/db/repositories/cities.js';
import { listWaves } from '../../src/db/repositories/waves.js';
import { commonGaps } from '../../src/domain/common-gaps.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { renderCsv } from '../../src/reports/render-csv.js';
import { gapsJson } from '../../src/services/gaps-json.js';
import { loadDemo } from '../../src/services/load-demo.js';
import { scoresJson } from '../../src/services/scores-json.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { pgAvailable, pgStore } from '../support/pg.js';

/**
 * The done-check of PostgreSQL support: the demo loaded through the real
 * import path into SQLite and into PostgreSQL gives the same scores, gaps,
 * common gaps and gap reports (contents and CSV), to the last bit (compared as JSON text, not only deep-equal).
 */
const now = new Date('2026-06-01T00:00:00Z');
const reportNow = new Date('2026-07-01T00:00:00Z');

async function everything(store: Store) {
  const waves = await listWaves(store.db);
  const out: Record<string, unknown> = {
    waves,
    cities: await listCities(store.db),
    imports: await listImports(store.db),
  };
  for (const w of waves) {
    const ws = await loadWaveScoring(store.db, w.year, w.instrumentId);
    out[`scores ${w.year}`] = scoresJson(ws);
    out[`common gaps ${w.year}`] = commonGaps(ws.instrument, ws.cities);
    for (const city of ws.citiesBySlug.values()) {
      // The gap report of every city: its contents and its CSV rendering, byte for byte. Errors are
      // not caught: a report failing on both databases alike must fail the test, not compare equal.
      const report = await loadGapReport(store.db, {
        city: city.name,
        wave: w.year,
        instrument: w.instrumentId,
        now: reportNow,
      });
      out[`report ${w.year} ${city.slug}`] = report;
      out[`report csv ${w.year} ${city.slug}`] = renderCsv(report).toString('utf8');
      for (const peers of ['largest:5', 'all'])
        out[`gaps ${w.year} ${city.slug} ${peers}`] = gapsJson(ws, city.name, parsePeers(peers));
    }
  }
  return out;
}

describe.skipIf(!pgAvailable)('the demo on SQLite and on PostgreSQL', () => {
  let sqlite: Store;
  let postgres: Store;
  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([openSqlite(':memory:'), pgStore()]);
    const [a, b] = await Promise.all([loadDemo(sqlite, now), loadDemo(postgres, now)]);
    expect(b).toEqual(a);
    expect(a.every((s) => s.errors.length === 0)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  it('gives identical scores, gaps, common gaps, gap reports, cities, waves and imports', async () => {
    const [a, b] = await Promise.all([everything(sqlite), everything(postgres)]);
    expect(Object.keys(a).length).toBeGreaterThan(20);
    expect(String(a['report csv 2026 gent'])).toContain('section');
    expect(Object.keys(a).some((k) => k.startsWith('gaps 2026 gent'))).toBe(true);
    expect(b).toEqual(a);
    // Bit for bit: JSON text shows every digit of every number.
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
