export interface RankResult {
  /** 1 = highest; ties share the lowest number ("1, 2, 2, 4"). */
  readonly rank: number;
  /** `100 · (entities with a lower score) / (entities − 1)`; null with one entity. */
  readonly percentile: number | null;
}

/**
 * Rank and percentile of `score` among `scores` (which include it), DESIGN §6.
 * @example rankAmong(70, [90, 70, 70, 50]) // => { rank: 2, percentile: 33.33… }
 */
export function rankAmong(score: number, scores: readonly number[]): RankResult {
  let higher = 0;
  let lower = 0;
  for (const s of scores) {
    if (s > score) higher++;
    else if (s < score) lower++;
  }
  return { rank: higher + 1, percentile: scores.length > 1 ? (100 * lower) / (scores.length - 1) : null };
}
