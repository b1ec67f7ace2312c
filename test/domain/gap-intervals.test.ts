import { describe, expect, it } from 'vitest';
import { excludesZero, gapToLeaderInterval, gapToPeersInterval, gapToTargetInterval } from '../../src/domain/gap-intervals.js';

describe('gap intervals', () => {
  it('turns the city interval around the target', () => {
    // target 80, city CI 40–60 → gap interval 80−60 … 80−40 = 20 … 40
    expect(gapToTargetInterval(80, 40, 60)).toEqual([20, 40]);
    expect(gapToTargetInterval(80, null, null)).toBeNull();
  });

  it('adds the standard errors of the city and the mean of k peers', () => {
    // se² = 4; peer variance of the mean = (3² + 4²)/2² = 6.25; √10.25 = 3.2016; ×1.96 = 6.2751
    const [lo, hi] = gapToPeersInterval(10, 2, [3, 4])!;
    expect(lo).toBeCloseTo(3.7249, 3);
    expect(hi).toBeCloseTo(16.2751, 3);
    expect(gapToPeersInterval(10, 2, [3, null])).toBeNull();
    expect(gapToPeersInterval(10, 2, [])).toBeNull();
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
