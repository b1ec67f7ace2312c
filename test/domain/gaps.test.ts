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

  it("tests the city's respondents against the pooled peer respondents", () => {
    // [65, 75] vs [100, 50, 25, 25]: t = 20 / √(50/2 + 1250/4) = 1.0887, df = 3.433
    const expected = 2 * (1 - tCdfBySimpson(20 / Math.sqrt(337.5), 3.4333));
    expect(a.testable).toBe(true);
    expect(a.pValue).toBeCloseTo(expected, 3);
    expect(a.significant).toBe(false);
  });

  it('uses the instrument target where the dimension has none', () => {
    // b: f = [75, 100] → 87.5; instrument target 100 → gap 12.5
    expect(gaps[1]!.target).toBe(100);
    expect(gaps[1]!.gapToTarget).toBe(12.5);
  });

  it('gives a suppressed focus city no figures', () => {
    const t = cityGaps({ instrument, ...scored, focus: 'tiny', peers: ['p1'] })[0]!;
    expect(t).toMatchObject({ score: null, suppressed: true, gapToTarget: null, gapToPeers: null, rank: null, testable: false });
  });
});
