import jstat from 'jstat';
import { effectiveN, mean, variance, type Moments } from './moments.js';

const { jStat } = jstat;

export interface WelchResult {
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
}

/**
 * Welch's two-sided t-test of two independent samples with unequal variances.
 * Returns null when either sample has fewer than 2 values, or when both have
 * no variance (the test is undefined).
 * @example welchTest(momentsOf([1, 2, 3]), momentsOf([4, 5, 6])).pValue // => 0.0161…
 */
export function welchTest(a: Moments, b: Moments): WelchResult | null {
  if (a.n < 2 || b.n < 2) return null;
  const na = effectiveN(a);
  const nb = effectiveN(b);
  const va = variance(a) / na;
  const vb = variance(b) / nb;
  const se2 = va + vb;
  const diff = mean(a) - mean(b);
  if (se2 === 0) return diff === 0 ? null : { t: diff > 0 ? Infinity : -Infinity, df: na + nb - 2, pValue: 0 };
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  const pValue = 2 * (1 - jStat.studentt.cdf(Math.abs(t), df));
  return { t, df, pValue: Math.min(1, Math.max(0, pValue)) };
}
