/**
 * The p-quantile of sorted values by the nearest-rank method: the value at position ⌈p·N⌉.
 * @example nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) // => 10
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const pos = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[pos - 1]!;
}
