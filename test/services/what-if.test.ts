import { describe, expect, it } from 'vitest';
import { cityTargetsJson, findTargetCity, setCityTarget, targetInstrument } from '../../src/services/city-targets.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { whatIfJson } from '../../src/services/what-if.js';
import { defaultInstrument } from '../support/fixtures.js';
import { importCsv, surveyCsv } from '../support/survey-csv.js';
import { demoStore } from '../support/test-store.js';

describe('what-if against the real thing', () => {
  it("raising Gent's weakest dimension to its target gives the index and rank that importing respondents who reach it gives", async () => {
    const store = await demoStore();
    const ws = await loadWaveScoring(store.db, 2026);
    const gent = ws.cities.find((c) => c.city === 'gent')!;
    const weakest = gent.dimensions.reduce((w, d) => (d.score! < w.score! ? d : w));
    const m = ws.moments.get('gent')!.nodes[ws.scorer.slotOf.get(weakest.key)!]!;
    // k new respondents, weight 1, who answer only the weakest dimension, all at 100 (5, or 1 when reverse-coded):
    // the dimension's mean becomes (ΣwX + 100k) / (Σw + k); the other dimensions keep their respondents.
    const k = 6;
    const target = (m.sumWX + 100 * k) / (m.sumW + k);
    expect(target).toBeGreaterThan(weakest.score!);
    await setCityTarget(store.db, {
      city: 'Gent',
      wave: 2026,
      dimension: weakest.key,
      value: target,
      actor: 'test',
      now: new Date('2026-06-02T00:00:00Z'),
    });
    const stored = await cityTargetsJson(
      store.db,
      await findTargetCity(store.db, 'gent'),
      await targetInstrument(store.db, 2026),
    );
    expect(stored.targets).toEqual([expect.objectContaining({ wave: 2026, dimension: weakest.key, value: target })]);

    const whatIf = whatIfJson(ws, 'Gent', new Map([[weakest.key, stored.targets[0]!.value]]));
    expect(whatIf.after.index).toBeGreaterThan(whatIf.before.index!);

    const questions = defaultInstrument().questions;
    const csv = surveyCsv(
      Array.from({ length: k }, (_, i) => ({
        id: `whatif-${i}`,
        city: 'Gent',
        country: 'BE',
        role: 'it',
        layer: 'team',
        answer: (q: number) => (questions[q]!.dimension !== weakest.key ? null : questions[q]!.reverse ? 1 : 5),
      })),
    );
    await importCsv(store, csv, 'reach-target.csv');
    const real = await loadWaveScoring(store.db, 2026);
    const after = real.cities.find((c) => c.city === 'gent')!;
    expect(after.dimensions.find((d) => d.key === weakest.key)!.score).toBeCloseTo(target, 9);
    expect(whatIf.after.index).toBeCloseTo(after.index.score!, 9);
    expect(whatIf.after.level).toBe(after.index.level);
    const indexes = real.cities.map((c) => c.index.score).filter((s): s is number => s !== null);
    const realRank = 1 + indexes.filter((s) => s > after.index.score!).length;
    expect(whatIf.after.rank).toEqual({ rank: realRank, of: indexes.length });
    await store.close();
  });
});
