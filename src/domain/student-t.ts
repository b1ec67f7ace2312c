import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantileOf from '@stdlib/stats-base-dists-t-quantile';

/**
 * Student's t quantile: the x with P(T ≤ x) = p for `df` degrees of freedom
 * (any real df > 0, as Welch–Satterthwaite gives). From stdlib, a port of
 * Boost's inverse incomplete beta: within 1e-12 of R's `qt` (jStat's
 * `studentt.inv`, used before, was off by 1e-8 at df 30 and by 0.08 at df 2.5).
 * @example tQuantile(0.975, 3) // => 3.182446305284263
 */
export function tQuantile(p: number, df: number): number {
  return tQuantileOf(p, df);
}

/**
 * Two-sided p-value of a t statistic: `2 · P(T ≥ |t|)`, computed from the
 * upper tail (`cdf(−|t|)`) so that small p-values keep their digits.
 * @example twoSidedP(2.5, 3) // => 0.0877066… (R: 2 * pt(-2.5, 3))
 */
export function twoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}
