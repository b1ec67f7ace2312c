import { describe, expect, it } from 'vitest';
import { scoreCities } from '../../src/domain/city-scores.js';
import { cityGaps } from '../../src/domain/gaps.js';
import { rankAmong } from '../../src/domain/rank.js';
import { momentsOf } from '../../src/domain/moments.js';
import { welchTest } from '../../src/domain/welch-test.js';
import { tinyInstrument } from '../support/fixtures.js';
import { tCdfBySimpson } from '../support/t-distribution.js';

describe('rankAmong', () => {
  it('ranks 1 = highest, ties share the lowest number', () => {
    // 90 > 70 → rank 2; one of 3 others lower → percentile 100·1/3
    expect(rankAmong(70, [90, 70, 70, 50])).toEqual({ rank: 2, percentile: 100 / 3 });
    expect(rankAmong(90, [90, 70, 70, 50])).toEqual({ rank: 1, percentile: 100 });
    expect(rankAmong(50, [90, 70, 70, 50])).toEqual({ rank: 4, percentile: 0 });
  });
});

describe('welchTest', () => {
  it('matches R: t.test(1:3, 4:6) gives t = −3.6742, df = 4, p = 0.02131', () => {
    const r = welchTest(momentsOf([1, 2, 3]), momentsOf([4, 5, 6]))!;
    expect(r.t).toBeCloseTo(-3.674235, 5);
    expect(r.df).toBeCloseTo(4, 10);
    expect(r.pValue).toBeCloseTo(0.02131, 5);
  });

  it('agrees with a second implementation (Simpson integration of the t density)', () => {
    const r = welchTest(momentsOf([65, 75]), momentsOf([100, 50, 25, 25]))!;
    expect(r.pValue).toBeCloseTo(2 * (1 - tCdfBySimpson(Math.abs(r.t), r.df)), 6);
  });

  it('is not testable with fewer than two values on a side', () => {
    expect(welchTest(momentsOf([1]), momentsOf([4, 5, 6]))).toBeNull();
  });
});

describe('cityGaps', () => {
  const instrument = tinyInstrument();
  // a-scores: f = [65, 75] → 70; p1 = [100, 50] → 75; p2 = [25, 25] → 25
  const scored = scoreCities(instrument, [
    { city: 'f', answers: [5, 3, 2, 4, null] },
    { city: 'f', answers: [3, 5, 4, 5, 5] },
    { city: 'p1', answers: [5, 5, 1, 5, 5] },
    { city: 'p1', answers: [3, 3, 3, 3, 3] },
    { city: 'p2', answers: [2, 2, 4, 1, 1] },
    { city: 'p2', answers: [2, 2, 4, 1, 1] },
    { city: 'tiny', answers: [5, 5, 1, 5, 5] }, // suppressed: one respondent
  ]);
  const gaps = cityGaps({ instrument, ...scored, focus: 'f', peers: ['p1', 'p2', 'tiny'] });
  const a = gaps[0]!;

  it('computes gaps to target, peers and leader', () => {
    expect(a.score).toBe(70);
    expect(a.gapToTarget).toBe(10); // max(0, 80 − 70)
    expect(a.peerMean).toBe(50); // (75 + 25) / 2: the suppressed city is left out
    expect(a.gapToPeers).toBe(-20); // 50 − 70: ahead of the peers
    expect(a.leader).toBe('p1');
    expect(a.gapToLeader).toBe(5); // 75 − 70
  });

  it('ranks among every city of the wave with a score', () => {
    // a-scores 70, 75, 25 → rank 2, one of two others lower → 50
    expect(a.rank).toBe(2);
    expect(a.percentile).toBe(50);
  });

  it('tests the gap to peers as shown: se² = se_city² + Σ se_i² / k², Welch–Satterthwaite df', () => {
    // a: city [65, 75] → 70, se 5 (df 1); p1 [100, 50] → 75, se 25 (df 1); p2 [25, 25] → 25, se 0 (df 1)
    // gap = (75 + 25)/2 − 70 = −20; V = 25 + (625 + 0)/4 = 181.25, se 13.4629
    // df = 181.25² / (25²/1 + 156.25²/1 + 0) = 32851.5625 / 25039.0625 = 1.312012
    // t = −1.485563; scipy: 2·t.sf(1.485563, 1.312012) = 0.332875; t.ppf(0.975, df)·se → −119.43166 … 79.43166
    expect(a.peersCounted).toBe(2);
    expect(a.testable).toBe(true);
    expect(a.pValue).toBeCloseTo(0.3328751709, 6);
    expect(a.gapToPeersCiLow).toBeCloseTo(-119.4316564, 4);
    expect(a.gapToPeersCiHigh).toBeCloseTo(79.4316564, 4);
    // b: city [75, 100] → 87.5, se 12.5; p1 [100, 50] → 75, se 25; p2 [0, 0] → 0
    // gap −50, V = 156.25 + 625/4 = 312.5, df = 312.5² / (2 · 156.25²) = 2, t = −2.828427, p = 0.1055728
    expect(gaps[1]!.gapToPeers).toBe(-50);
    expect(gaps[1]!.pValue).toBeCloseTo(0.105572809, 6);
    // Holm over the two dimensions: b 0.1055728·2 = 0.2111456; a max(0.2111456, 0.3328752·1) = 0.3328752
    expect(gaps[1]!.pAdjusted).toBeCloseTo(0.211145618, 6);
    expect(a.pAdjusted).toBeCloseTo(0.3328751709, 6);
    expect(a.significant).toBe(false);
  });

  it('tests the leader gap with Welch t (not z) and the target gap with a one-sample t', () => {
    // leader p1: 75 − 70 = 5, V = 625 + 25 = 650, df = 650² / (625² + 25²) = 1.079872
    // scipy: p = 0.8748605, interval −267.46607 … 277.46607
    expect(a.leaderPValue).toBeCloseTo(0.8748605004, 6);
    expect(a.gapToLeaderCiLow).toBeCloseTo(-267.4660737, 4);
    expect(a.gapToLeaderCiHigh).toBeCloseTo(277.4660737, 4);
    // leader on b is p1 too: 75 − 87.5 = −12.5, V = 625 + 156.25, df 1.470588, p = 0.7117228
    expect(gaps[1]!.leaderPValue).toBeCloseTo(0.7117227912, 6);
    // Holm: 0.7117228·2 = 1.42 → 1; then max(1, 0.8748605) = 1
    expect(gaps[1]!.leaderPAdjusted).toBe(1);
    expect(a.leaderPAdjusted).toBe(1);
    // target a: 80 − 70 = 10, se 5, df 1: t = 2, p = 0.2951672; interval 10 ± 12.7062·5 = −53.53102 … 73.53102
    expect(a.targetPValue).toBeCloseTo(0.2951672353, 6);
    expect(a.gapToTargetCiLow).toBeCloseTo(-53.5310237, 4);
    expect(a.gapToTargetCiHigh).toBeCloseTo(73.5310237, 4);
    // target b: 100 − 87.5 = 12.5, se 12.5, df 1 → p = 0.5; Holm: 0.2951672·2 = 0.5903345, then max(0.5903345, 0.5)
    expect(gaps[1]!.targetPValue).toBeCloseTo(0.5, 6);
    expect(a.targetPAdjusted).toBeCloseTo(0.5903344706, 6);
    expect(gaps[1]!.targetPAdjusted).toBeCloseTo(0.5903344706, 6);
    expect(a.targetSignificant).toBe(false);
  });

  it('uses the instrument target where the dimension has none', () => {
    // b: f = [75, 100] → 87.5; instrument target 100 → gap 12.5
    expect(gaps[1]!.target).toBe(100);
    expect(gaps[1]!.gapToTarget).toBe(12.5);
  });

  it('gives a suppressed focus city no figures', () => {
    const t = cityGaps({ instrument, ...scored, focus: 'tiny', peers: ['p1'] })[0]!;
    expect(t).toMatchObject({
      score: null,
      suppressed: true,
      gapToTarget: null,
      gapToPeers: null,
      rank: null,
      testable: false,
    });
  });
});
