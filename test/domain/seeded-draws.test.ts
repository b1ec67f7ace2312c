import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestRank } from '../../src/domain/nearest-rank.js';
import { dirichlet, gamma, seededRandom } from '../../src/domain/seeded-random.js';

describe('percentiles of draws', () => {
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
