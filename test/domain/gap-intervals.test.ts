import { describe, expect, it } from 'vitest';
import { momentsOf } from '../../src/domain/moments.js';
import { excludesZero, gapToLeaderInterval, gapToPeersInterval, gapToTargetInterval } from '../../src/domain/gap-intervals.js';

describe('gap intervals', () => {
  it('turns the city interval around the target', () => {
    // target 80, city CI 40–60 → gap interval 80−60 … 80−40 = 20 … 40
    expect(gapToTargetInterval(80, 40, 60)).toEqual([20, 40]);
    expect(gapToTargetInterval(80, null, null)).toBeNull();
  });

  it("uses Welch's standard error and degrees of freedom for the gap to peers", () => {
    // city [60, 70, 80]: var 100, n 3 → 33.33; peers [70, 80, 90, 100]: var 166.67, n 4 → 41.67
    // se² = 75, se = 8.660; df = 75² / (33.33²/2 + 41.67²/3) = 5625 / (555.6 + 578.7) = 4.959
    // t(0.975, 4.959) ≈ 2.577 → half-width 2.577 · 8.660 = 22.32 around the difference
    // centre: pooled peer mean 85 − city mean 70 = 15
    const [lo, hi] = gapToPeersInterval(momentsOf([60, 70, 80]), momentsOf([70, 80, 90, 100]))!;
    expect((lo + hi) / 2).toBeCloseTo(15, 9);
    expect(hi - 15).toBeCloseTo(22.32, 1);
    expect(gapToPeersInterval(momentsOf([60]), momentsOf([70, 80]))).toBeNull();
    expect(gapToPeersInterval(undefined, momentsOf([70, 80]))).toBeNull();
  });

  it('adds the standard errors of city and leader', () => {
    // √(3² + 4²) = 5; ×1.96 = 9.7998
    const [lo, hi] = gapToLeaderInterval(12, 3, 4)!;
    expect(lo).toBeCloseTo(2.2002, 3);
    expect(hi).toBeCloseTo(21.7998, 3);
  });

  it('calls a gap significant only when its interval excludes 0', () => {
    expect(excludesZero([2, 5])).toBe(true);
    expect(excludesZero([-5, -1])).toBe(true);
    expect(excludesZero([-1, 4])).toBe(false);
    expect(excludesZero(null)).toBeNull();
  });
});
