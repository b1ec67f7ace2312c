import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreCities } from '../../src/domain/city-scores.js';
import { nearestRank, rankStability } from '../../src/domain/rank-stability.js';
import { dirichlet, gamma, seededRandom } from '../../src/domain/seeded-random.js';
import { tinyInstrument } from '../support/fixtures.js';

describe('rank stability under weight uncertainty', () => {
  const instrument = tinyInstrument();
  // (a, b) scores → index: top (100, 100) 100; ahead-a (75, 25) 50; ahead-b (25, 62.5) 43.75; bottom (0, 0) 0
  const { cities } = scoreCities(instrument, [
    { city: 'top', answers: [5, 5, 1, 5, 5] },
    { city: 'top', answers: [5, 5, 1, 5, 5] }, // a 100, b 100
    { city: 'ahead-a', answers: [4, 4, 2, 2, 2] },
    { city: 'ahead-a', answers: [4, 4, 2, 2, 2] }, // a 75, b 25 → 50
    { city: 'ahead-b', answers: [2, 2, 4, 4, 4] },
    { city: 'ahead-b', answers: [2, 2, 4, 3, 3] }, // a 25, b 62.5 → 43.75
    { city: 'bottom', answers: [1, 1, 5, 1, 1] },
    { city: 'bottom', answers: [1, 1, 5, 1, 1] }, // 0, 0
    { city: 'tiny', answers: [5, 5, 1, 5, 5] }, // suppressed: takes no part
  ]);

  it('is reproducible from its seed', () => {
    expect(rankStability(instrument, cities, { seed: 7, draws: 300 })).toEqual(
      rankStability(instrument, cities, { seed: 7, draws: 300 }),
    );
  });

  it('keeps a city that leads (or trails) on every dimension at rank 1 (last) in every draw', () => {
    const r = rankStability(instrument, cities, { draws: 500 });
    expect(r.cities.map((c) => c.city).sort()).toEqual(['ahead-a', 'ahead-b', 'bottom', 'top']);
    expect(r.cities.find((c) => c.city === 'top')).toEqual({
      city: 'top',
      rank: 1,
      medianRank: 1,
      rankLow: 1,
      rankHigh: 1,
    });
    expect(r.cities.find((c) => c.city === 'bottom')).toMatchObject({ rank: 4, rankLow: 4, rankHigh: 4 });
  });

  it('shows that 2nd and 3rd swap when the weights move', () => {
    // At weights (1, 1): ahead-a 50 > ahead-b 43.75. With w the weight of a, ahead-b overtakes when
    // 75w + 25(1−w) < 25w + 62.5(1−w) ⇔ 87.5w < 37.5 ⇔ w < 0.4286. Dirichlet(10, 10) puts
    // P(w < 0.4286) ≈ 0.27 (Beta(10,10)), so the 90 % interval of both spans 2–3.
    const r = rankStability(instrument, cities, { draws: 2000, seed: 3 });
    const a = r.cities.find((c) => c.city === 'ahead-a')!;
    expect(a).toMatchObject({ rank: 2, medianRank: 2, rankLow: 2, rankHigh: 3 });
    expect(r.cities.find((c) => c.city === 'ahead-b')).toMatchObject({
      rank: 3,
      medianRank: 3,
      rankLow: 2,
      rankHigh: 3,
    });
    // With a very high concentration the weights hardly move: no swaps.
    const firm = rankStability(instrument, cities, { draws: 500, concentration: 1e6 });
    expect(firm.cities.find((c) => c.city === 'ahead-a')).toMatchObject({ rankLow: 2, rankHigh: 2 });
  });

  it('takes percentiles by nearest rank', () => {
    // 10 values: p 0.05 → ⌈0.5⌉ = 1st; p 0.5 → 5th; p 0.95 → ⌈9.5⌉ = 10th
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect([nearestRank(v, 0.05), nearestRank(v, 0.5), nearestRank(v, 0.95)]).toEqual([1, 5, 10]);
  });
});

describe('the weight draws', () => {
  it('Dirichlet draws are positive and sum to 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.array(fc.double({ min: 0.05, max: 50, noNaN: true }), { minLength: 2, maxLength: 8 }),
        (seed, alpha) => {
          const w = dirichlet(seededRandom(seed), alpha);
          expect(w.every((x) => x >= 0)).toBe(true);
          expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
        },
      ),
    );
  });

  it('Gamma draws have mean ≈ shape (Marsaglia–Tsang), within 3 standard errors', () => {
    for (const shape of [0.5, 2, 10]) {
      const rnd = seededRandom(11);
      const n = 20000;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += gamma(rnd, shape);
      // Var Gamma(k, 1) = k → se of the mean √(k/n)
      expect(Math.abs(sum / n - shape)).toBeLessThan(3 * Math.sqrt(shape / n));
    }
  });
});
