import { effectiveN, mean, type Moments } from './moments.js';
import { summarize } from './sample-summary.js';
import { tQuantile, twoSidedP } from './student-t.js';

/** A city's mean with its standard error and degrees of freedom (n_eff − 1). */
export interface Estimate {
  readonly mean: number;
  readonly se: number;
  readonly df: number;
}

/** The t-test and 95 % interval of a linear combination of independent means. */
export interface ContrastTest {
  readonly estimate: number;
  readonly se: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly t: number;
  readonly pValue: number;
  readonly ciLow: number;
  readonly ciHigh: number;
}

/**
 * The estimate of a city's score from its moments; null below two values or
 * when the effective n leaves no degree of freedom (then no test is possible).
 * @example estimateOf(momentsOf([60, 70, 80])) // => { mean: 70, se: 5.7735, df: 2 }
 */
export function estimateOf(m: Moments | undefined): Estimate | null {
  if (!m || m.n < 2) return null;
  const s = summarize(m);
  const df = effectiveN(m) - 1;
  if (s.se === null || !(df > 0)) return null;
  return { mean: mean(m), se: s.se, df };
}

/**
 * Test of `constant + Σ cᵢ·x̄ᵢ` over independent means x̄ᵢ (the cities are
 * independent samples): variance `V = Σ cᵢ²·seᵢ²`, degrees of freedom by
 * Welch–Satterthwaite `V² / Σ (cᵢ²·seᵢ²)² / νᵢ`, `t = estimate / √V`,
 * two-sided p from Student's t and the interval `estimate ± t(0.975, df)·√V`.
 * Null when a term has no estimate or when V = 0 (nothing varies: not testable).
 * The gap to peers is `(1/k)·Σ peers − city`, the gap to the leader `leader − city`.
 * @example contrastTest([{ coef: 1, est: { mean: 80, se: 4, df: 9 } }, { coef: -1, est: { mean: 70, se: 3, df: 4 } }])
 *   // => estimate 10, se 5, df 625 / (256/9 + 81/4) = 12.85, p 0.0672
 */
export function contrastTest(
  terms: readonly { readonly coef: number; readonly est: Estimate | null }[],
  constant = 0,
): ContrastTest | null {
  let estimate = constant;
  let v = 0;
  let dfDenominator = 0;
  for (const { coef, est } of terms) {
    if (est === null) return null;
    const vi = coef * coef * est.se * est.se;
    estimate += coef * est.mean;
    v += vi;
    dfDenominator += (vi * vi) / est.df;
  }
  if (!(v > 0) || !(dfDenominator > 0)) return null;
  const se = Math.sqrt(v);
  const df = (v * v) / dfDenominator;
  const t = estimate / se;
  const pValue = twoSidedP(t, df);
  const half = tQuantile(0.975, df) * se;
  return { estimate, se, df, t, pValue, ciLow: estimate - half, ciHigh: estimate + half };
}

/**
 * The test of the gap to peers as it is shown: `(1/k)·Σ x̄_peer − x̄_city`, so
 * `se = √(se_city² + Σ se_i² / k²)` over the k peers given.
 * @example gapToPeersTest(est(70, 5, 2), [est(75, 4, 9), est(85, 6, 4)]) // => estimate 10, se √(25 + 13) = 6.164
 */
export function gapToPeersTest(city: Estimate | null, peers: readonly (Estimate | null)[]): ContrastTest | null {
  if (peers.length === 0) return null;
  return contrastTest([{ coef: -1, est: city }, ...peers.map((est) => ({ coef: 1 / peers.length, est }))]);
}
