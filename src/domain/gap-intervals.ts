import jstat from 'jstat';
import { effectiveN, variance, type Moments } from './moments.js';

const { jStat } = jstat;

/**
 * Approximate 95 % intervals of a city's gaps (DESIGN §6), for the gap bars.
 * Scores of different cities are independent samples, so the standard error
 * of a difference is the root of the summed squared standard errors; the
 * target is fixed. A normal quantile (1.96) is used for the differences and
 * the city's own t-interval for the gap to target.
 *
 * - gap to target: `target − [ciHigh, ciLow]` (not clamped at 0 so the whisker shows the uncertainty)
 * - gap to peers: `(peerMean − score) ± t · se` with Welch's se and df (see gapToPeersInterval)
 * - gap to leader: `(leader − score) ± 1.96 · √(se² + se_leader²)`
 * An interval is null when a standard error is missing (n < 2).
 * @example gapToLeaderInterval(12, 3, 4) // => 12 ± 1.96·5 = [2.20, 21.80]
 */
export type Interval = readonly [number, number];

const Z = 1.959963984540054;

export function gapToTargetInterval(target: number, ciLow: number | null, ciHigh: number | null): Interval | null {
  if (ciLow === null || ciHigh === null) return null;
  return [target - ciHigh, target - ciLow];
}

/**
 * The gap to peers with the half-width of Welch's test (the test DESIGN §6
 * uses for `significant`): `t(0.975, df) · √(var_c/n_c + var_p/n_p)` over the
 * city's respondents and the pooled respondents of the peers (Kish effective
 * n, Welch–Satterthwaite df), centred on the gap shown (peer mean − score).
 * Null when either side has fewer than 2 respondents.
 * @example gapToPeersInterval(10, momentsOf([60, 70, 80]), momentsOf([70, 80, 90, 100])) // => [10 − 4.303·…, …]
 */
export function gapToPeersInterval(gap: number | null, city: Moments | undefined, peers: Moments | undefined): Interval | null {
  if (gap === null || !city || !peers || city.n < 2 || peers.n < 2) return null;
  const na = effectiveN(city);
  const nb = effectiveN(peers);
  const va = variance(city) / na;
  const vb = variance(peers) / nb;
  const se2 = va + vb;
  if (se2 === 0) return [gap, gap];
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  const half = jStat.studentt.inv(0.975, df) * Math.sqrt(se2);
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
