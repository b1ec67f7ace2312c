import type { CityScore } from './city-scores.js';
import type { Instrument } from './instrument.js';
import { dirichlet, seededRandom } from './seeded-random.js';

export interface RankStabilityOptions {
  /** Monte Carlo draws of the dimension weights (default 1000). */
  readonly draws?: number;
  /** PRNG seed: the same seed gives the same figures (default 1). */
  readonly seed?: number;
  /**
   * Dirichlet concentration c: weights are drawn from Dirichlet(c · w / Σw), so
   * their mean is the instrument's weights and their spread shrinks as c grows.
   * Default 20: with five equal weights each weight has sd √(0.2·0.8/21) ≈ 0.087.
   */
  readonly concentration?: number;
}

export interface CityRankStability {
  readonly city: string;
  /** Rank of the index at the instrument's own weights (1 = highest, ties share the lowest number). */
  readonly rank: number;
  /** Median of the ranks over the draws (nearest rank). */
  readonly medianRank: number;
  /** 5th and 95th percentile of the ranks (nearest rank): the 90 % rank interval. */
  readonly rankLow: number;
  readonly rankHigh: number;
}

export interface RankStability {
  readonly draws: number;
  readonly seed: number;
  readonly concentration: number;
  readonly cities: readonly CityRankStability[];
}

/**
 * How solid is "Gent is 7th"? Seeded Monte Carlo over the dimension weights
 * (Dirichlet around the instrument's weights, cf. the OECD/JRC Handbook on
 * Constructing Composite Indicators, 2008, §6 uncertainty analysis). Each draw
 * recomputes every city's index by DESIGN §4 (weighted mean of its dimension
 * scores present, weights renormalised) and ranks the cities. Only cities
 * with a published (unsuppressed) index take part, so nothing suppressed leaks.
 * @example rankStability(instrument, cities, { seed: 7 }).cities[0] // => { city, rank: 3, medianRank: 3, rankLow: 2, rankHigh: 5 }
 */
export function rankStability(
  instrument: Instrument,
  cities: readonly CityScore[],
  options: RankStabilityOptions = {},
): RankStability {
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 1;
  const concentration = options.concentration ?? 20;
  const ranked = cities.filter((c) => c.index.score !== null && !c.index.suppressed);
  const k = instrument.dimensions.length;
  const base = instrument.dimensions.map((d) => d.weight);
  const baseTotal = base.reduce((s, w) => s + w, 0);
  const alpha = base.map((w) => (concentration * w) / baseTotal);
  // Dimension scores as a flat matrix; NaN = not present (suppressed or below coverage).
  const scores = new Float64Array(ranked.length * k);
  ranked.forEach((c, i) => c.dimensions.forEach((d, j) => (scores[i * k + j] = d.score ?? NaN)));

  const indexAt = (weights: readonly number[], out: Float64Array) => {
    for (let i = 0; i < ranked.length; i++) {
      let sum = 0;
      let total = 0;
      for (let j = 0; j < k; j++) {
        const s = scores[i * k + j]!;
        if (Number.isNaN(s)) continue;
        sum += weights[j]! * s;
        total += weights[j]!;
      }
      out[i] = sum / total;
    }
    return out;
  };
  const ranksOf = (index: Float64Array): Int32Array => {
    const ranks = new Int32Array(index.length);
    for (let i = 0; i < index.length; i++) {
      let higher = 0;
      for (let j = 0; j < index.length; j++) if (index[j]! > index[i]!) higher++;
      ranks[i] = higher + 1;
    }
    return ranks;
  };

  const index = new Float64Array(ranked.length);
  const baseRanks = ranksOf(indexAt(base, index));
  const samples = ranked.map(() => new Int32Array(draws));
  const rnd = seededRandom(seed);
  for (let d = 0; d < draws; d++) {
    const r = ranksOf(indexAt(dirichlet(rnd, alpha), index));
    for (let i = 0; i < ranked.length; i++) samples[i]![d] = r[i]!;
  }
  return {
    draws,
    seed,
    concentration,
    cities: ranked.map((c, i) => {
      const sorted = samples[i]!.sort();
      return {
        city: c.city,
        rank: baseRanks[i]!,
        medianRank: nearestRank(sorted, 0.5),
        rankLow: nearestRank(sorted, 0.05),
        rankHigh: nearestRank(sorted, 0.95),
      };
    }),
  };
}

/** The p-quantile of sorted values by the nearest-rank method: the value at position ⌈p·N⌉. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const pos = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[pos - 1]!;
}
