import { effectiveN, mean, variance, type Moments } from './moments.js';
import { tQuantile } from './student-t.js';

export interface SampleSummary {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly se: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

/**
 * Mean, sample standard deviation, standard error and the 95 % t-interval
 * `mean ± t(0.975, n_eff − 1) · se` (DESIGN §3); sd, se and the interval are
 * null below two values. The t quantile: `tQuantile` (accurate to 1e-12).
 * @example summarize(momentsOf([60, 70, 80])) // => mean 70, sd 10, se 5.774, ci 45.16…94.84
 */
export function summarize(m: Moments): SampleSummary {
  if (m.n === 0) return { n: 0, mean: null, sd: null, se: null, ciLow: null, ciHigh: null };
  const mu = mean(m);
  if (m.n < 2) return { n: m.n, mean: mu, sd: null, se: null, ciLow: null, ciHigh: null };
  const sd = Math.sqrt(variance(m));
  const nEff = effectiveN(m);
  const se = sd / Math.sqrt(nEff);
  const t = tQuantile(0.975, Math.max(1, nEff - 1));
  return { n: m.n, mean: mu, sd, se, ciLow: mu - t * se, ciHigh: mu + t * se };
}
