import { describe, expect, it } from 'vitest';
import { tQuantile } from '../../src/domain/student-t.js';
import { sampleVariance } from 'simple-statistics';
import { momentsOf } from '../../src/domain/moments.js';
import { cronbachAlpha, itemMomentsOf } from '../../src/domain/reliability.js';
import { welchTest } from '../../src/domain/welch-test.js';
import { tCdfBySimpson } from '../support/t-distribution.js';

describe('t quantiles (tQuantile) against a published t table', () => {
  // Two-sided 95 % critical values as printed in standard t tables (12.706, 4.303,
  // 2.571, 2.228, 2.042, 1.980); the extra digits are SciPy 1.17.1 stats.t.ppf(0.975, df).
  it.each([
    [1, 12.706205],
    [2, 4.302653],
    [5, 2.570582],
    [10, 2.228139],
    [30, 2.042272],
    [120, 1.97993],
  ])('t(0.975, %d) = %d', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 5);
  });
});

describe("Welch's test against R and SciPy", () => {
  it("matches R's t.test(extra ~ group, data = sleep): t = −1.8608, df = 17.776, p = 0.07939", () => {
    const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const r = welchTest(momentsOf(g1), momentsOf(g2))!;
    expect(r.t).toBeCloseTo(-1.860813, 5);
    expect(r.df).toBeCloseTo(17.776474, 5);
    expect(r.pValue).toBeCloseTo(0.0793941, 6);
  });

  it('matches SciPy ttest_ind(equal_var=False) and Simpson integration on uneven samples', () => {
    // scipy.stats.ttest_ind([65,75,80,90], [100,50,25,25,40], equal_var=False)
    // → t = 1.995324, df = 5.076053, p = 0.1016955
    const r = welchTest(momentsOf([65, 75, 80, 90]), momentsOf([100, 50, 25, 25, 40]))!;
    expect(r.t).toBeCloseTo(1.995324, 5);
    expect(r.df).toBeCloseTo(5.076053, 5);
    expect(r.pValue).toBeCloseTo(0.1016955, 6);
    expect(r.pValue).toBeCloseTo(2 * (1 - tCdfBySimpson(r.t, r.df)), 6);
  });
});

describe("Cronbach's alpha", () => {
  // Five respondents × three items (1–5).
  //   I1 = [4,3,5,2,4] var 1.3; I2 = [5,3,5,3,4] var 1; I3 = [4,2,5,3,3] var 1.3
  //   totals [13,8,15,8,11] var 9.5 → α = 3/2 · (1 − 3.6/9.5) = 0.931579
  // NumPy: k/(k−1)·(1 − X.var(0, ddof=1).sum()/X.sum(1).var(ddof=1)) = 0.931578947…
  const rows = [
    [4, 5, 4],
    [3, 3, 2],
    [5, 5, 5],
    [2, 3, 3],
    [4, 4, 3],
  ];

  it('matches the hand computation and NumPy', () => {
    expect(cronbachAlpha(itemMomentsOf(rows))).toBeCloseTo(0.931579, 6);
  });

  it('agrees with a second implementation from item and total variances (simple-statistics)', () => {
    const k = 3;
    const items = [0, 1, 2].map((i) => rows.map((r) => r[i]!));
    const totals = rows.map((r) => r.reduce((s, x) => s + x, 0));
    const second = (k / (k - 1)) * (1 - items.reduce((s, it) => s + sampleVariance(it), 0) / sampleVariance(totals));
    expect(cronbachAlpha(itemMomentsOf(rows))).toBeCloseTo(second, 10);
  });

  it('gives 6/7 for two items [1,2],[2,3],[3,3] (variances 1, 1/3; totals 7/3)', () => {
    // 2 · (1 − (1 + 1/3) / (7/3)) = 2 · 3/7 = 6/7
    expect(
      cronbachAlpha(
        itemMomentsOf([
          [1, 2],
          [2, 3],
          [3, 3],
        ]),
      ),
    ).toBeCloseTo(6 / 7, 12);
  });

  it('is 1 for identical items and null without variance, items or cases', () => {
    expect(
      cronbachAlpha(
        itemMomentsOf([
          [1, 1],
          [3, 3],
          [4, 4],
        ]),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      cronbachAlpha(
        itemMomentsOf([
          [2, 2],
          [2, 2],
        ]),
      ),
    ).toBeNull();
    expect(cronbachAlpha(itemMomentsOf([[1], [2], [3]]))).toBeNull();
    expect(cronbachAlpha(itemMomentsOf([[1, 2]]))).toBeNull();
  });
});
