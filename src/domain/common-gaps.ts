import type { CityScore } from './city-scores.js';
import type { Instrument } from './instrument.js';

export interface CommonGap {
  readonly key: string;
  /** Mean over the cities with a score of max(0, target − score). */
  readonly meanGapToTarget: number | null;
  /** Share (0–1) of those cities below maturity level 3. */
  readonly shareBelowLevel3: number | null;
  /** Number of cities behind the two figures. */
  readonly cities: number;
}

/**
 * "The same gaps across cities" (DESIGN §7): per dimension the mean gap to
 * target and the share of cities below level 3, ranked by mean gap (largest first).
 * @example commonGaps(instrument, cities)[0].key // => 'sovereignty'
 */
export function commonGaps(instrument: Instrument, cities: readonly CityScore[]): CommonGap[] {
  return instrument.dimensions
    .map((dimension, d) => {
      const target = dimension.target ?? instrument.target;
      const scored = cities
        .map((c) => c.dimensions[d])
        .filter((s): s is NonNullable<typeof s> => s !== undefined && s.score !== null);
      if (scored.length === 0) return { key: dimension.key, meanGapToTarget: null, shareBelowLevel3: null, cities: 0 };
      const gap = scored.reduce((sum, s) => sum + Math.max(0, target - s.score!), 0) / scored.length;
      const below = scored.filter((s) => (s.level ?? 0) < 3).length / scored.length;
      return { key: dimension.key, meanGapToTarget: gap, shareBelowLevel3: below, cities: scored.length };
    })
    .sort((a, b) => (b.meanGapToTarget ?? -Infinity) - (a.meanGapToTarget ?? -Infinity));
}
