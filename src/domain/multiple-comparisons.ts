/**
 * Holm's step-down adjustment (Holm 1979), which controls the family-wise
 * error rate: with the m non-null p-values sorted p(1) ≤ … ≤ p(m),
 * `p̃(i) = max over j ≤ i of min(1, (m − j + 1)·p(j))`. Nulls (not testable)
 * stay null and do not count in m. Same as R's `p.adjust(p, "holm")`.
 * @example holm([0.01, 0.04, 0.03]) // => [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const order = sortedIndexes(pValues);
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((idx, j) => {
    running = Math.max(running, Math.min(1, (m - j) * pValues[idx]!));
    out[idx] = running;
  });
  return out;
}

/**
 * Benjamini–Hochberg adjustment (1995), which controls the false discovery
 * rate: `p̃(i) = min over j ≥ i of min(1, m/j · p(j))`. Nulls stay null and do
 * not count in m. Same as R's `p.adjust(p, "BH")`.
 * @example benjaminiHochberg([0.01, 0.04, 0.03]) // => [0.03, 0.04, 0.04]
 */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const order = sortedIndexes(pValues);
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let j = m - 1; j >= 0; j--) {
    const idx = order[j]!;
    running = Math.min(running, Math.min(1, (m / (j + 1)) * pValues[idx]!));
    out[idx] = running;
  }
  return out;
}

/** Whether an adjusted p-value shows a clear difference (p̃ < 0.05); null when not testable. */
export function isClear(pAdjusted: number | null): boolean | null {
  return pAdjusted === null ? null : pAdjusted < 0.05;
}

function sortedIndexes(pValues: readonly (number | null)[]): number[] {
  return pValues
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null && !Number.isNaN(x.p))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.i);
}
