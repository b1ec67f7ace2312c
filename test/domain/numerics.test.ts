import { describe, expect, it } from 'vitest';
import { momentsOf, poolMoments, variance } from '../../src/domain/moments.js';
import { cronbachAlpha, cronbachAlphaWithin, itemMomentsOf } from '../../src/domain/reliability.js';
import { summarize } from '../../src/domain/sample-summary.js';
import { tQuantile, twoSidedP } from '../../src/domain/student-t.js';
import { welchNotTestable, welchTest } from '../../src/domain/welch-test.js';

describe('t quantiles (accurate to 1e-10)', () => {
  // R: qt(p, df). For df = 2.5 (no R at hand) the value was checked independently: Simpson's rule over the
  // t density (200,000 panels, python) gives P(T ≤ 3.574654842003682) = 0.97499999999998 for df 2.5.
  it.each([
    [0.975, 1, 12.70620473617471],
    [0.975, 3, 3.182446305284263],
    [0.995, 10, 3.169272672616951],
    [0.975, 30, 2.042272456301238],
    [0.975, 100, 1.983971518523552],
    [0.975, 2.5, 3.574654842003682],
  ])('qt(%s, %s) = %s', (p, df, want) => {
    expect(Math.abs(tQuantile(p, df) - want)).toBeLessThan(1e-10);
  });

  it('gives two-sided p-values from the upper tail: 2·pt(−2.5, 3) = 0.0877066470080654', () => {
    // df 3 has a closed form: F(t) = 1/2 + (t/√3 / (1 + t²/3) + atan(t/√3)) / π → F(2.5) = 0.9561466764959673.
    const t = 2.5;
    const closed = 2 * (1 - (0.5 + (t / Math.sqrt(3) / (1 + (t * t) / 3) + Math.atan(t / Math.sqrt(3))) / Math.PI));
    expect(Math.abs(twoSidedP(2.5, 3) - closed)).toBeLessThan(1e-13);
    expect(Math.abs(twoSidedP(2.5, 3) - 0.0877066470080654)).toBeLessThan(1e-13);
    expect(twoSidedP(-2.5, 3)).toBe(twoSidedP(2.5, 3));
    expect(twoSidedP(0, 7)).toBe(1);
  });
});

describe('variances of identical values are exactly 0', () => {
  // A respondent dimension score of five 4s and one 3 on 1–5: (5·75 + 50)/6 = 70.8333…, not a binary fraction.
  const x = (5 * 75 + 50) / 6;

  it('from the sums alone a residue remains; with the range it is 0', () => {
    const m = momentsOf([x, x, x]);
    const fromSums = m.sumWXX - (m.sumWX * m.sumWX) / m.sumW;
    expect(fromSums).not.toBe(0); // the rounding residue the range is there for
    expect(variance(m)).toBe(0);
    expect(summarize(m)).toMatchObject({ mean: x, sd: 0, se: 0, ciLow: x, ciHigh: x });
  });

  it('stays 0 when samples are pooled, also weighted, and is not 0 as soon as one value differs', () => {
    expect(variance(poolMoments([momentsOf([x, x]), momentsOf([x], [2.5])]))).toBe(0);
    expect(variance(momentsOf([x, x, x], [0.3, 1, 7]))).toBe(0);
    // 70, 70, 80: mean 73.33, Σ(x − x̄)² = 2·11.11 + 44.44 = 66.67, / 2 = 33.33
    expect(variance(momentsOf([70, 70, 80]))).toBeCloseTo(100 / 3, 10);
  });

  it('falls back to the sums when a part has no range (aggregates stored before it was kept)', () => {
    const old = { ...momentsOf([x, x]) };
    delete old.min;
    delete old.max;
    const pooled = poolMoments([old, momentsOf([x])]);
    expect(pooled.min).toBeUndefined();
    expect(variance(pooled)).toBeLessThan(1e-9);
  });
});

describe("Welch's test", () => {
  it('is not testable when neither side varies (two cities of identical answers), with the reason', () => {
    const a = momentsOf([75, 75, 75]);
    const b = momentsOf([75, 75, 75, 75]);
    expect(welchTest(a, b)).toBeNull();
    expect(welchNotTestable(a, b)).toBe('no variation on either side');
    // Different levels but no variation: still no p-value (t would be ±∞).
    expect(welchTest(a, momentsOf([50, 50, 50]))).toBeNull();
    expect(welchNotTestable(momentsOf([1]), b)).toBe('fewer than 2 respondents on a side');
  });

  it('is testable when one side varies: [75, 75, 75] against [50, 60, 70]', () => {
    // var_b = 100, se² = 100/3, t = (75 − 60)/5.7735 = 2.598, df = (100/3)² / ((100/3)²/2) = 2
    const r = welchTest(momentsOf([75, 75, 75]), momentsOf([50, 60, 70]))!;
    expect(r.t).toBeCloseTo(15 / Math.sqrt(100 / 3), 10);
    expect(r.df).toBeCloseTo(2, 10);
    // df 2: P(T > t) = (1 − t/√(t² + 2))/2 → p = 1 − t/√(t² + 2) = 1 − 2.598/√8.75 = 0.121661
    expect(r.pValue).toBeCloseTo(1 - r.t / Math.sqrt(r.t * r.t + 2), 10);
    expect(welchNotTestable(momentsOf([75, 75, 75]), momentsOf([50, 60, 70]))).toBeNull();
  });
});

describe("Cronbach's alpha within cities", () => {
  // City A: [1, 2], [2, 3]; city B: [11, 12], [12, 14].
  // Within: item SS 0.5 + 0.5 (A) + 0.5 + 2 (B) = 3.5; total SS (3, 5 → 2) + (23, 26 → 4.5) = 6.5;
  //   alpha = 2 · (1 − 3.5/6.5) = 12/13 = 0.923077.
  // Pooled: item SS 101 + 112.75 = 213.75, total SS 426.75 → 2 · (1 − 213.75/426.75) = 0.998243:
  //   the gap between the cities' levels reads as agreement between the items.
  const a = itemMomentsOf([
    [1, 2],
    [2, 3],
  ]);
  const b = itemMomentsOf([
    [11, 12],
    [12, 14],
  ]);

  it('centres each city, so between-city differences do not inflate it', () => {
    expect(cronbachAlphaWithin([a, b])).toBeCloseTo(12 / 13, 12);
    expect(
      cronbachAlpha(
        itemMomentsOf([
          [1, 2],
          [2, 3],
          [11, 12],
          [12, 14],
        ]),
      ),
    ).toBeCloseTo(426 / 426.75, 12);
  });

  it('equals the pooled alpha for a single city, and is null without two cases', () => {
    const one = itemMomentsOf([
      [1, 2],
      [2, 3],
      [3, 3],
    ]);
    expect(cronbachAlphaWithin([one])).toBeCloseTo(cronbachAlpha(one)!, 12);
    expect(cronbachAlphaWithin([itemMomentsOf([[1, 2]])])).toBeNull();
  });
});
