/**
 * Sufficient statistics of a (weighted) sample: enough to give its mean,
 * variance and standard error, and to pool samples, without keeping the
 * values. With every weight 1 they are the plain n, Σx and Σx².
 */
export interface Moments {
  /** Number of values (respondents), whatever their weights. */
  n: number;
  sumW: number;
  sumW2: number;
  sumWX: number;
  sumWXX: number;
  /**
   * The smallest and largest value, when known (absent: unknown, e.g. sums
   * stored before they were kept). Equal means every value is, and the
   * variance is exactly 0.
   */
  min?: number;
  max?: number;
}

export function emptyMoments(): Moments {
  return { n: 0, sumW: 0, sumW2: 0, sumWX: 0, sumWXX: 0 };
}

export function addValue(m: Moments, x: number, w = 1): void {
  if (m.n === 0) {
    m.min = x;
    m.max = x;
  } else if (m.min !== undefined && m.max !== undefined) {
    if (x < m.min) m.min = x;
    if (x > m.max) m.max = x;
  }
  m.n += 1;
  m.sumW += w;
  m.sumW2 += w * w;
  m.sumWX += w * x;
  m.sumWXX += w * x * x;
}

/** The moments of the union of samples. */
export function poolMoments(parts: readonly Moments[]): Moments {
  const out = emptyMoments();
  let min = Infinity;
  let max = -Infinity;
  let ranged = true;
  for (const p of parts) {
    if (p.n > 0) {
      if (p.min === undefined || p.max === undefined) ranged = false;
      else {
        min = Math.min(min, p.min);
        max = Math.max(max, p.max);
      }
    }
    out.n += p.n;
    out.sumW += p.sumW;
    out.sumW2 += p.sumW2;
    out.sumWX += p.sumWX;
    out.sumWXX += p.sumWXX;
  }
  if (ranged && out.n > 0) {
    out.min = min;
    out.max = max;
  }
  return out;
}

/** @example momentsOf([2, 4, 9]) // => n 3, mean 5 */
export function momentsOf(values: readonly number[], weights?: readonly number[]): Moments {
  const m = emptyMoments();
  values.forEach((x, i) => addValue(m, x, weights?.[i] ?? 1));
  return m;
}

export function mean(m: Moments): number {
  return m.sumWX / m.sumW;
}

/**
 * Sample variance with reliability weights:
 * `(ΣwX² − (ΣwX)²/Σw) / (Σw − Σw²/Σw)`; with unit weights the usual
 * `Σ(x − x̄)² / (n − 1)`. NaN below two values. Exactly 0 when the smallest
 * and largest value are equal: from the sums alone, identical values give a
 * rounding residue (three answers of 58.33… give sd 1e-6, not 0).
 * @example variance(momentsOf([4, 4, 4])) // => 0
 */
export function variance(m: Moments): number {
  if (m.n < 2) return NaN;
  if (m.min !== undefined && m.min === m.max) return 0;
  const denom = m.sumW - m.sumW2 / m.sumW;
  const v = (m.sumWXX - (m.sumWX * m.sumWX) / m.sumW) / denom;
  return Math.max(0, v);
}

/** Kish's effective sample size `(Σw)² / Σw²`; equals n with unit weights. */
export function effectiveN(m: Moments): number {
  return (m.sumW * m.sumW) / m.sumW2;
}
