import { gapToPeersTest } from './gap-tests.js';
import { benjaminiHochberg, isClear } from './multiple-comparisons.js';
import type { QuestionMean } from './question-means.js';

/** One question of the drill-down: the city against its peers' question means. */
export interface QuestionGap {
  /** Position of the question in the instrument. */
  readonly index: number;
  readonly score: number | null;
  /** Unweighted mean of the peers' published question means. */
  readonly peerMean: number | null;
  readonly peerCities: number;
  /** peerMean − score: positive = behind. */
  readonly difference: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly pValue: number | null;
  /** Benjamini–Hochberg over the questions of one dimension. */
  readonly pAdjusted: number | null;
  /** pAdjusted < 0.05; null when not testable. */
  readonly significant: boolean | null;
  /** Behind the peers with a clear difference (so its interval lies above 0). */
  readonly driver: boolean;
}

/**
 * The questions of one dimension, each tested as the gap to peers is
 * (gap-tests.ts: `(1/k)·Σ peer means − city mean`, Welch–Satterthwaite df),
 * the p-values adjusted by Benjamini–Hochberg across the dimension's
 * questions. A question is a driver only when the city is behind and the
 * adjusted p < 0.05, never merely for being the largest difference.
 * Suppressed means (score null) enter neither side.
 */
export function questionGaps(
  indexes: readonly number[],
  own: readonly QuestionMean[] | undefined,
  peers: readonly (readonly QuestionMean[] | undefined)[],
): QuestionGap[] {
  const raw = indexes.map((i) => {
    const mine = own?.[i];
    const score = mine?.score ?? null;
    const shown = peers.map((p) => p?.[i]).filter((q): q is QuestionMean => q !== undefined && q.score !== null);
    const peerMean = shown.length === 0 ? null : shown.reduce((s, q) => s + q.score!, 0) / shown.length;
    const test =
      score === null || shown.length === 0
        ? null
        : gapToPeersTest(
            mine?.estimate ?? null,
            shown.map((q) => q.estimate ?? null),
          );
    return {
      index: i,
      score,
      peerMean,
      peerCities: shown.length,
      difference: score === null || peerMean === null ? null : peerMean - score,
      test,
    };
  });
  const adjusted = benjaminiHochberg(raw.map((r) => r.test?.pValue ?? null));
  return raw.map((r, j) => {
    const significant = isClear(adjusted[j]!);
    return {
      index: r.index,
      score: r.score,
      peerMean: r.peerMean,
      peerCities: r.peerCities,
      difference: r.difference,
      ciLow: r.test?.ciLow ?? null,
      ciHigh: r.test?.ciHigh ?? null,
      pValue: r.test?.pValue ?? null,
      pAdjusted: adjusted[j]!,
      significant,
      driver: significant === true && (r.difference ?? 0) > 0,
    };
  });
}
