import { effectiveN, mean, variance, type Moments } from './moments.js';
import { tQuantile } from './student-t.js';

/**
 * Approximate 95 % intervals of a city's gaps (DESIGN §6), for the gap bars.
 * Scores of different cities are independent samples, so the standard error
 * of a difference is the root of the summed squared standard errors; the
 * target is fixed. A normal quantile (1.96) is used for the differences and
 * the city's own t-interval for the gap to target.
 *
 * - gap to target: `target − [ciHigh, ciLow]` (not clamped at 0 so the whisker shows the uncertainty)
 * - gap to peers: Welch's interval of the pooled difference (see gapToPeersInterval)
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
 * The 95 % Welch interval of the difference between the peers' pooled
 * respondents and the city's respondents: `(x̄_p − x̄_c) ± t(0.975, df) ·
 * √(var_c/n_c + var_p/n_p)` (Kish effective n, Welch–Satterthwaite df). It is
 * the interval of the test DESIGN §6 uses for `significant`, so it excludes 0
 * exactly when p < 0.05. Its centre is the pooled difference, which can differ
 * from the gap shown (the unweighted mean of the peer cities minus the score).
 * Null when either side has fewer than 2 respondents.
 * @example gapToPeersInterval(momentsOf([60, 70, 80]), momentsOf([70, 80, 90, 100])) // => 15 ± 22.32
 */
export function gapToPeersInterval(city: Moments | undefined, peers: Moments | undefined): Interval | null {
  if (!city || !peers || city.n < 2 || peers.n < 2) return null;
  const diff = mean(peers) - mean(city);
  const na = effectiveN(city);
  const nb = effectiveN(peers);
  const va = variance(city) / na;
  const vb = variance(peers) / nb;
  const se2 = va + vb;
  if (se2 === 0) return [diff, diff];
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return [diff - half, diff + half];
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
