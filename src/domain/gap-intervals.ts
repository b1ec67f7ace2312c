/**
 * Approximate 95 % intervals of a city's gaps (DESIGN §6), for the gap bars.
 * Scores of different cities are independent samples, so the standard error
 * of a difference is the root of the summed squared standard errors; the
 * target is fixed. A normal quantile (1.96) is used for the differences and
 * the city's own t-interval for the gap to target.
 *
 * - gap to target: `target − [ciHigh, ciLow]` (not clamped at 0 so the whisker shows the uncertainty)
 * - gap to peers: `(peerMean − score) ± 1.96 · √(se² + Σ se_i² / k²)` (mean of k independent peer means)
 * - gap to leader: `(leader − score) ± 1.96 · √(se² + se_leader²)`
 * An interval is null when a standard error is missing (n < 2).
 * @example gapToPeersInterval(10, 2, [3, 4]) // => [10 − 1.96·√(4 + 25/4), …] = [3.72, 16.28]
 */
export type Interval = readonly [number, number];

const Z = 1.959963984540054;

export function gapToTargetInterval(target: number, ciLow: number | null, ciHigh: number | null): Interval | null {
  if (ciLow === null || ciHigh === null) return null;
  return [target - ciHigh, target - ciLow];
}

export function gapToPeersInterval(gap: number | null, se: number | null, peerSes: readonly (number | null)[]): Interval | null {
  if (gap === null || se === null || peerSes.length === 0 || peerSes.some((s) => s === null)) return null;
  const k = peerSes.length;
  const peerVar = peerSes.reduce<number>((sum, s) => sum + s! * s!, 0) / (k * k);
  const half = Z * Math.sqrt(se * se + peerVar);
  return [gap - half, gap + half];
}

export function gapToLeaderInterval(gap: number | null, se: number | null, leaderSe: number | null): Interval | null {
  if (gap === null || se === null || leaderSe === null) return null;
  const half = Z * Math.sqrt(se * se + leaderSe * leaderSe);
  return [gap - half, gap + half];
}

/** A gap is significant when its interval lies wholly on one side of 0. */
export function excludesZero(interval: Interval | null): boolean | null {
  return interval === null ? null : interval[0] > 0 || interval[1] < 0;
}
