import { describe, expect, it } from 'vitest';
import { contrastTest, estimateOf, gapToPeersTest } from '../../src/domain/gap-tests.js';
import { momentsOf } from '../../src/domain/moments.js';
import { benjaminiHochberg, holm } from '../../src/domain/multiple-comparisons.js';
import { questionGaps } from '../../src/domain/question-gaps.js';
import { tCdfBySimpson } from '../support/t-distribution.js';

const est = (mean: number, se: number, df: number) => ({ mean, se, df });

describe('contrastTest (Welch–Satterthwaite)', () => {
  it('pins df, p and interval of a difference of two means', () => {
    // 80 (se 4, df 9) − 70 (se 3, df 4): se = √(16 + 9) = 5
    // df = 25² / (16²/9 + 9²/4) = 625 / (28.4444 + 20.25) = 12.835140
    // t = 2; scipy: 2·t.sf(2, 12.83514) = 0.0671198; t.ppf(0.975, 12.83514) = 2.163193 → −0.81596 … 20.81596
    const r = contrastTest([
      { coef: 1, est: est(80, 4, 9) },
      { coef: -1, est: est(70, 3, 4) },
    ])!;
    expect(r.estimate).toBe(10);
    expect(r.se).toBe(5);
    expect(r.df).toBeCloseTo(12.83513976, 8);
    expect(r.pValue).toBeCloseTo(0.067119819, 7);
    expect(r.pValue).toBeCloseTo(2 * (1 - tCdfBySimpson(2, r.df)), 6);
    expect(r.ciLow).toBeCloseTo(-0.8159639618, 6);
    expect(r.ciHigh).toBeCloseTo(20.8159639618, 6);
  });

  it('is null when a term has no estimate or nothing varies', () => {
    expect(
      contrastTest([
        { coef: 1, est: null },
        { coef: -1, est: est(70, 3, 4) },
      ]),
    ).toBeNull();
    expect(
      contrastTest([
        { coef: 1, est: est(80, 0, 4) },
        { coef: -1, est: est(70, 0, 4) },
      ]),
    ).toBeNull();
  });

  it('weights each peer by 1/k in the gap to peers', () => {
    // city 70 (se 5, df 2); peers 75 (se 4, df 9), 85 (se 6, df 4): gap = 80 − 70 = 10
    // V = 25 + (16 + 36)/4 = 38; df = 38² / (25²/2 + 4²/9 + 9²/4) = 1444 / (312.5 + 1.7778 + 20.25) = 4.316600
    const r = gapToPeersTest(est(70, 5, 2), [est(75, 4, 9), est(85, 6, 4)])!;
    expect(r.estimate).toBeCloseTo(10, 12);
    expect(r.se).toBeCloseTo(Math.sqrt(38), 12);
    expect(r.df).toBeCloseTo(1444 / (312.5 + 16 / 9 + 20.25), 9);
    expect(gapToPeersTest(est(70, 5, 2), [])).toBeNull();
  });

  it('reads an estimate from moments: mean, se = sd/√n_eff, df = n_eff − 1', () => {
    // [60, 70, 80]: mean 70, sd 10, se 10/√3 = 5.7735, df 2
    const e = estimateOf(momentsOf([60, 70, 80]))!;
    expect(e.mean).toBe(70);
    expect(e.se).toBeCloseTo(10 / Math.sqrt(3), 12);
    expect(e.df).toBe(2);
    expect(estimateOf(momentsOf([60]))).toBeNull();
  });
});

describe('Holm and Benjamini–Hochberg', () => {
  // p = [0.01, 0.04, 0.03, 0.005, 0.2]; sorted 0.005, 0.01, 0.03, 0.04, 0.2
  it('Holm: max over the running (m − j + 1)·p(j)', () => {
    // 5·0.005 = 0.025; 4·0.01 = 0.04; 3·0.03 = 0.09; 2·0.04 = 0.08 → 0.09; 1·0.2 = 0.2
    const r = holm([0.01, 0.04, 0.03, 0.005, 0.2]);
    [0.04, 0.09, 0.09, 0.025, 0.2].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });

  it('Benjamini–Hochberg: min over the following m/j·p(j)', () => {
    // 5/1·0.005 = 0.025; 5/2·0.01 = 0.025; 5/3·0.03 = 0.05; 5/4·0.04 = 0.05; 5/5·0.2 = 0.2
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
  });

  it('leaves untestable entries null and out of m, and caps at 1', () => {
    // m = 2: Holm 0.3·2 = 0.6, max(0.6, 0.6) ; BH 0.3·2/1 = 0.6 → min(0.6, 0.6)
    expect(holm([0.3, null, 0.6])).toEqual([0.6, null, 0.6]);
    expect(benjaminiHochberg([0.3, null, 0.6])).toEqual([0.6, null, 0.6]);
    expect(holm([0.8, 0.9])).toEqual([1, 1]);
  });
});

describe('questionGaps', () => {
  const q = (score: number | null, e: { mean: number; se: number; df: number } | null) => ({
    code: 'x',
    n: 10,
    score,
    suppressed: score === null,
    estimate: e,
  });
  it('tests each question, adjusts by Benjamini–Hochberg and calls only a clear gap behind a driver', () => {
    // question 0: city 40 (se 2, df 9), peers 60 (se 2, df 9), 62 (se 2, df 9): gap 21, clear
    // question 1: city 50 (se 10, df 4), peers 60 (se 10, df 4), 50: gap 5, noisy
    // question 2: the city's mean is suppressed: no figures
    const own = [q(40, est(40, 2, 9)), q(50, est(50, 10, 4)), q(null, null)];
    const p1 = [q(60, est(60, 2, 9)), q(60, est(60, 10, 4)), q(70, est(70, 5, 4))];
    const p2 = [q(62, est(62, 2, 9)), q(50, est(50, 10, 4)), q(70, est(70, 5, 4))];
    const r = questionGaps([0, 1, 2], own, [p1, p2]);
    expect(r[0]!.difference).toBe(21);
    expect(r[0]!.driver).toBe(true);
    expect(r[0]!.ciLow!).toBeGreaterThan(0);
    expect(r[1]!.difference).toBe(5);
    expect(r[1]!.driver).toBe(false);
    expect(r[2]).toMatchObject({ difference: null, pValue: null, pAdjusted: null, significant: null, driver: false });
    // BH over the two testable questions: the smaller p doubles unless the larger is smaller than that
    const p = [r[0]!.pValue!, r[1]!.pValue!];
    expect(r[0]!.pAdjusted).toBeCloseTo(Math.min(2 * p[0]!, p[1]!), 12);
    expect(r[1]!.pAdjusted).toBeCloseTo(p[1]!, 12);
  });
});
