import { effectiveN, mean, variance, type Moments } from './moments.js';
import { twoSidedP } from './student-t.js';

export interface WelchResult {
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
}

/** Why Welch's test cannot be run on two samples, or null when it can. */
export function welchNotTestable(a: Moments, b: Moments): string | null {
  if (a.n < 2 || b.n < 2) return 'fewer than 2 respondents on a side';
  if (variance(a) === 0 && variance(b) === 0) return 'no variation on either side';
  return null;
}

/**
 * Welch's two-sided t-test of two independent samples with unequal variances
 * (Kish effective n, Welch–Satterthwaite df). Null when it is not testable
 * (`welchNotTestable`): fewer than 2 values on a side, or no variance on
 * either side (two groups of identical answers: the t statistic is 0/0 or
 * ±∞, and no p-value describes that). One side with no variance is fine.
 * @example welchTest(momentsOf([1, 2, 3]), momentsOf([4, 5, 6])).pValue // => 0.0161… (t = −3.674, df = 4)
 */
export function welchTest(a: Moments, b: Moments): WelchResult | null {
  if (welchNotTestable(a, b) !== null) return null;
  const na = effectiveN(a);
  const nb = effectiveN(b);
  const va = variance(a) / na;
  const vb = variance(b) / nb;
  const se2 = va + vb;
  const diff = mean(a) - mean(b);
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  return { t, df, pValue: twoSidedP(t, df) };
}
