import type { CitySample } from './bootstrap-samples.js';
import { nearestRank } from './nearest-rank.js';
import { dirichlet, normal, seededRandom } from './seeded-random.js';

export type Aggregation = 'arithmetic' | 'geometric';

/** The most draws a caller may ask for: the cost grows linearly with them. */
export const MAX_DRAWS = 2000;

export interface IndexUncertaintyInput {
  /** The instrument's dimension weights, in dimension order. */
  readonly weights: readonly number[];
  readonly cities: readonly {
    readonly city: string;
    /** The published dimension scores (null = suppressed or missing). */
    readonly scores: readonly (number | null)[];
    /** The city's respondents (or their sums), from BootstrapSampler; absent = not resampled. */
    readonly sample?: CitySample;
  }[];
}

export interface IndexUncertaintyOptions {
  /** Bootstrap draws (default 1000, at most MAX_DRAWS). */
  readonly draws?: number;
  /** PRNG seed: the same seed gives the same figures (default 1). */
  readonly seed?: number;
  /** Dirichlet concentration of the weight draws (default 20, as rankStability). */
  readonly concentration?: number;
  /** How dimension scores are combined (default arithmetic, the published index). */
  readonly aggregation?: Aggregation;
}

export interface CityIndexUncertainty {
  readonly city: string;
  /** False when a dimension is suppressed or missing: shown, not ranked, no interval. */
  readonly complete: boolean;
  /** Index at the instrument's weights under the aggregation asked for; null when incomplete. */
  readonly index: number | null;
  /** 2.5th and 97.5th percentile of the index over the draws: its 95 % interval. */
  readonly indexLow: number | null;
  readonly indexHigh: number | null;
  /** Rank among the complete cities at the instrument's weights (1 = highest; ties share the lowest number). */
  readonly rank: number | null;
  readonly medianRank: number | null;
  /** 5th and 95th percentile of the ranks: the 90 % rank interval. */
  readonly rankLow: number | null;
  readonly rankHigh: number | null;
}

export interface IndexUncertainty {
  readonly draws: number;
  readonly seed: number;
  readonly concentration: number;
  readonly aggregation: Aggregation;
  /** What each draw varies. */
  readonly method: 'respondents+weights';
  readonly cities: readonly CityIndexUncertainty[];
}

/**
 * Uncertainty of the index and of the rank (OECD/JRC Handbook on Constructing
 * Composite Indicators, 2008, §6): each draw resamples every city's
 * respondents (bootstrap, with replacement, within the city) and draws the
 * dimension weights from Dirichlet(c·w/Σw), recomputes every complete city's
 * index and ranks them. A city kept as rows is resampled exactly; a large
 * city (kept as sums) draws its dimension means from the normal distribution
 * with the bootstrap's own covariance (Cholesky), which is what resampling
 * converges to and costs k² per city and draw whatever its n.
 * Pure and seeded: `(input, { draws, seed }) → result`, safe to run in a worker.
 * @example indexUncertainty(input, { draws: 1000, seed: 1 }).cities[0] // => { city, index: 61.2, indexLow: 55.0, indexHigh: 67.1, rank: 3, medianRank: 3, rankLow: 2, rankHigh: 6 }
 */
export function indexUncertainty(
  input: IndexUncertaintyInput,
  options: IndexUncertaintyOptions = {},
): IndexUncertainty {
  const draws = Math.min(MAX_DRAWS, Math.max(1, Math.floor(options.draws ?? 1000)));
  const seed = options.seed ?? 1;
  const concentration = options.concentration ?? 20;
  const aggregation = options.aggregation ?? 'arithmetic';
  const k = input.weights.length;
  const total = input.weights.reduce((s, w) => s + w, 0);
  const alpha = input.weights.map((w) => (concentration * w) / total);
  const complete = input.cities.filter(
    (c) => c.scores.length === k && c.scores.every((s) => s !== null) && c.sample !== undefined,
  );
  const draw = complete.map((c) => dimensionDraw(c.sample!, c.scores as number[], k));

  const combine = aggregation === 'geometric' ? geometricIndex : arithmeticIndex;
  const pointScores = complete.map((c) => Float64Array.from(c.scores as number[]));
  const point = pointScores.map((s) => combine(s, input.weights));
  const pointRanks = ranksOf(point);

  const indexes = complete.map(() => new Float64Array(draws));
  const ranks = complete.map(() => new Int32Array(draws));
  const rnd = seededRandom(seed);
  const scores = new Float64Array(k);
  const values = new Array<number>(complete.length);
  for (let b = 0; b < draws; b++) {
    const weights = dirichlet(rnd, alpha);
    for (let i = 0; i < complete.length; i++) {
      draw[i]!(rnd, scores);
      values[i] = combine(scores, weights);
      indexes[i]![b] = values[i]!;
    }
    const r = ranksOf(values);
    for (let i = 0; i < complete.length; i++) ranks[i]![b] = r[i]!;
  }

  const byCity = new Map(
    complete.map((c, i): [string, CityIndexUncertainty] => {
      const idx = indexes[i]!.sort();
      const rk = ranks[i]!.sort();
      return [
        c.city,
        {
          city: c.city,
          complete: true,
          index: point[i]!,
          indexLow: nearestRank(idx, 0.025),
          indexHigh: nearestRank(idx, 0.975),
          rank: pointRanks[i]!,
          medianRank: nearestRank(rk, 0.5),
          rankLow: nearestRank(rk, 0.05),
          rankHigh: nearestRank(rk, 0.95),
        },
      ];
    }),
  );
  const none = {
    complete: false,
    index: null,
    indexLow: null,
    indexHigh: null,
    rank: null,
    medianRank: null,
    rankLow: null,
    rankHigh: null,
  };
  return {
    draws,
    seed,
    concentration,
    aggregation,
    method: 'respondents+weights',
    cities: input.cities.map((c) => byCity.get(c.city) ?? { city: c.city, ...none }),
  };
}

/**
 * One bootstrap draw of a city's dimension means into `out`. Rows: n
 * respondents drawn with replacement, weighted means per dimension (a
 * dimension nobody in the draw scored keeps its published score). Sums: the
 * means plus L·z, L the Cholesky factor of their covariance.
 */
function dimensionDraw(
  sample: CitySample,
  published: readonly number[],
  k: number,
): (rnd: () => number, out: Float64Array) => void {
  if (sample.kind === 'rows') {
    const { n, scores, weights } = sample;
    const sum = new Float64Array(k);
    const weight = new Float64Array(k);
    return (rnd, out) => {
      sum.fill(0);
      weight.fill(0);
      for (let j = 0; j < n; j++) {
        const i = Math.floor(rnd() * n);
        const w = weights[i]!;
        for (let d = 0; d < k; d++) {
          const x = scores[i * k + d]!;
          if (x !== x) continue;
          sum[d] = sum[d]! + w * x;
          weight[d] = weight[d]! + w;
        }
      }
      for (let d = 0; d < k; d++) out[d] = weight[d]! > 0 ? sum[d]! / weight[d]! : published[d]!;
    };
  }
  const L = cholesky(sample.covariance, k);
  const z = new Float64Array(k);
  return (rnd, out) => {
    for (let d = 0; d < k; d++) z[d] = normal(rnd);
    for (let d = 0; d < k; d++) {
      let x = sample.means[d]!;
      for (let e = 0; e <= d; e++) x += L[d * k + e]! * z[e]!;
      out[d] = x;
    }
  };
}

/**
 * Lower-triangular L with L·Lᵀ = A (row-major k × k). A covariance estimate
 * can be singular (a dimension with no spread): a pivot ≤ 0 is taken as 0, so
 * that direction does not vary.
 * @example cholesky([4, 2, 2, 5], 2) // => [2, 0, 1, 2]
 */
export function cholesky(a: ArrayLike<number>, k: number): Float64Array {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * k + j]!;
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      if (i === j) L[i * k + i] = s > 0 ? Math.sqrt(s) : 0;
      else L[i * k + j] = L[j * k + j]! > 0 ? s / L[j * k + j]! : 0;
    }
  }
  return L;
}

/** DESIGN §4: Σ w_d·s_d / Σ w_d. */
export function arithmeticIndex(scores: ArrayLike<number>, weights: readonly number[]): number {
  let sum = 0;
  let total = 0;
  for (let d = 0; d < weights.length; d++) {
    sum += weights[d]! * scores[d]!;
    total += weights[d]!;
  }
  return sum / total;
}

/**
 * The weighted geometric mean `Π s_d^(w_d/Σw)`, a sensitivity view: a weak
 * dimension is not fully made up by a strong one. Scores below 0 (a draw of
 * the normal approximation, or goalposts) count as 0, which makes the index 0.
 * @example geometricIndex([25, 100], [1, 1]) // => 50
 */
export function geometricIndex(scores: ArrayLike<number>, weights: readonly number[]): number {
  let logSum = 0;
  let total = 0;
  for (let d = 0; d < weights.length; d++) {
    const s = scores[d]!;
    if (!(s > 0)) return 0;
    logSum += weights[d]! * Math.log(s);
    total += weights[d]!;
  }
  return Math.exp(logSum / total);
}

/** 1 = highest; ties share the lowest number. Sorting keeps it O(N log N) per draw. */
function ranksOf(values: ArrayLike<number>): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const ranks = new Int32Array(values.length);
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    ranks[i] = j > 0 && values[order[j - 1]!] === values[i] ? ranks[order[j - 1]!]! : j + 1;
  }
  return ranks;
}
