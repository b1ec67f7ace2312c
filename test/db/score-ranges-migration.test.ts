import { describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { openSqlite } from '../../src/db/create-db.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import { rebuildMissingAggregates } from '../../src/db/repositories/score-aggregates.js';
import { loadCityMoments } from '../../src/db/repositories/score-aggregates.js';
import { variance } from '../../src/domain/moments.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { importCsv, surveyCsv, type CsvRespondent } from '../support/survey-csv.js';
import { referenceStore } from '../support/test-store.js';

/**
 * Respondents answering 4 everywhere except a 2 on the second question: each scores (5·75 + 25)/6 = 66.66…
 * on the second dimension, where Σx² − (Σx)²/n over three of them is 1.8e-12, not 0 (sd 9.5e-7).
 */
const same = (city: string, n: number): CsvRespondent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${city}-${i}`,
    city,
    country: 'BE',
    role: 'it',
    layer: 'team',
    answer: (q: number) => (q === 1 ? 2 : 4),
  }));
const x = (5 * 75 + 25) / 6;

describe('score ranges: identical answers have sd exactly 0 through the aggregates', () => {
  it('gives sd 0 and a zero-width interval, and no trend test between two waves of identical answers', async () => {
    const store = await referenceStore();
    await importCsv(store, surveyCsv(same('Gent', 3), 2025), 'a.csv');
    await importCsv(store, surveyCsv(same('Gent', 4), 2026), 'b.csv');
    const ws = await loadWaveScoring(store.db, 2026);
    const gent = ws.cities.find((c) => c.city === 'gent')!;
    expect(gent.dimensions[1]).toMatchObject({ score: expect.closeTo(x, 12), sd: 0, se: 0 });
    expect(gent.dimensions[1]!.ciLow).toBe(gent.dimensions[1]!.score);
    expect(gent.dimensions[1]!.ciHigh).toBe(gent.dimensions[1]!.score);
    const { cityTrend } = await import('../../src/domain/trend.js');
    const prev = ws.previous!;
    const trend = cityTrend(
      ws.instrument,
      ws.scorer,
      { score: gent, moments: ws.moments.get('gent')! },
      { score: prev.cities.find((c) => c.city === 'gent')!, moments: prev.moments.get('gent')! },
      2025,
    );
    expect(trend.dimensions[1]).toMatchObject({
      delta: expect.closeTo(0, 12),
      testable: false,
      pValue: null,
      notTestableReason: 'no variation on either side',
    });
    await store.close();
  });

  it('migration 0016 rebuilds the aggregates stored before it, with their ranges', async () => {
    const store = await openSqlite(':memory:');
    // A database as 0012 left it: an import stored without ranges, the columns absent, 0016 not yet run.
    await ensureReferenceData(store.db, new Date('2026-06-01T00:00:00Z'));
    await importCsv(store, surveyCsv(same('Gent', 3)), 'a.csv');
    // Later migrations (0018) already ran in this database; only 0016 is missing.
    const migrator = new Migrator({
      db: store.db,
      provider: migrationProvider('sqlite'),
      allowUnorderedMigrations: true,
    });
    await store.db.updateTable('import_aggregates').set({ min_x: null, max_x: null }).execute();
    const before = await loadWaveScoring(store.db, 2026);
    expect(before.cities[0]!.dimensions[1]!.sd).toBeGreaterThan(0); // the residue of Σx² − (Σx)²/n
    expect(before.cities[0]!.dimensions[1]!.sd).toBeLessThan(1e-5);
    await store.db
      .deleteFrom('kysely_migration' as never)
      .where('name' as never, '=', '0016_score_ranges' as never)
      .execute();
    await store.db.schema.alterTable('import_aggregates').dropColumn('min_x').execute();
    await store.db.schema.alterTable('import_aggregates').dropColumn('max_x').execute();
    // What migrateToLatest does: the migrations (frozen), then the derived rows by the current code.
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await rebuildMissingAggregates(store.db);
    const rows = await store.db
      .selectFrom('import_aggregates')
      .select(['node_key', 'min_x', 'max_x'])
      .where('node_key', '=', 'impact')
      .where('segment_key', '=', '')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.min_x).toBe(rows[0]!.max_x);
    expect(rows[0]!.min_x).toBeCloseTo(x, 12);
    // Read afresh (the scored wave of before is cached in this process under the same import version).
    const moments = await loadCityMoments(store.db, before.wave.id, before.scorer, String);
    expect(variance([...moments.values()][0]!.nodes[before.scorer.slotOf.get('impact')!]!)).toBe(0);
    await store.close();
  });
});
