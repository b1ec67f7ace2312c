import type { ScoringRespondent } from './city-scores.js';
import type { Instrument } from './instrument.js';
import type { RespondentScorer } from './respondent-scores.js';

/**
 * What the bootstrap keeps of one city: its respondents' dimension scores
 * (`rows`, n × k, NaN = no score) while the city is small; beyond
 * `exactLimit` respondents only the sums that give the dimension means and
 * the covariance matrix of those means (`normal`), so memory stays bounded
 * at any number of respondents.
 */
export type CitySample =
  | {
      readonly kind: 'rows';
      readonly city: string;
      readonly n: number;
      readonly scores: Float64Array;
      readonly weights: Float64Array;
    }
  | {
      readonly kind: 'normal';
      readonly city: string;
      readonly n: number;
      /** Weighted dimension means. */
      readonly means: Float64Array;
      /** Covariance matrix of the means (k × k, row-major): the linearisation (sandwich) estimate. */
      readonly covariance: Float64Array;
    };

/** Respondents per city kept as rows before a city is folded into sums. */
export const EXACT_LIMIT = 200;

interface Acc {
  city: string;
  n: number;
  scores: number[];
  weights: number[];
  /** Once folded: per dimension Σw, Σwx; per pair (d, e) over respondents with both: Σw², Σw²x_d, Σw²x_d·x_e. */
  sums?: { w: Float64Array; wx: Float64Array; w2: Float64Array; w2x: Float64Array; w2xx: Float64Array };
}

/**
 * Collects the per-city samples of a bootstrap of the index in one pass over
 * the respondents (pure: the caller streams them in). Each respondent is
 * scored by the same scorer as the published figures.
 */
export class BootstrapSampler {
  private readonly byCity = new Map<string, Acc>();
  private readonly k: number;
  private readonly slots: Int32Array;
  private readonly out: Float64Array;
  private readonly row: Float64Array;

  constructor(
    instrument: Instrument,
    private readonly scorer: RespondentScorer,
    private readonly exactLimit = EXACT_LIMIT,
  ) {
    this.k = instrument.dimensions.length;
    this.slots = Int32Array.from(instrument.dimensions.map((d) => scorer.slotOf.get(d.key)!));
    this.out = new Float64Array(scorer.nodeKeys.length);
    this.row = new Float64Array(this.k);
  }

  add(r: ScoringRespondent): void {
    let acc = this.byCity.get(r.city);
    if (!acc) this.byCity.set(r.city, (acc = { city: r.city, n: 0, scores: [], weights: [] }));
    this.scorer.score(r.answers, this.out);
    for (let d = 0; d < this.k; d++) this.row[d] = this.out[this.slots[d]!]!;
    const w = r.weight ?? 1;
    acc.n++;
    if (acc.sums) return addToSums(acc.sums, this.row, w, this.k);
    for (let d = 0; d < this.k; d++) acc.scores.push(this.row[d]!);
    acc.weights.push(w);
    if (acc.n > this.exactLimit) this.fold(acc);
  }

  private fold(acc: Acc): void {
    const k = this.k;
    acc.sums = {
      w: new Float64Array(k),
      wx: new Float64Array(k),
      w2: new Float64Array(k * k),
      w2x: new Float64Array(k * k),
      w2xx: new Float64Array(k * k),
    };
    for (let i = 0; i < acc.weights.length; i++)
      addToSums(acc.sums, acc.scores.slice(i * k, i * k + k), acc.weights[i]!, k);
    acc.scores = [];
    acc.weights = [];
  }

  /** The samples, one per city in order of first appearance. */
  samples(): CitySample[] {
    const k = this.k;
    return [...this.byCity.values()].map((acc): CitySample => {
      if (!acc.sums)
        return {
          kind: 'rows',
          city: acc.city,
          n: acc.n,
          scores: Float64Array.from(acc.scores),
          weights: Float64Array.from(acc.weights),
        };
      const { w, wx, w2, w2x, w2xx } = acc.sums;
      const means = new Float64Array(k);
      for (let d = 0; d < k; d++) means[d] = wx[d]! / w[d]!;
      // Σ_both w²(x_d − m_d)(x_e − m_e) / (W_d·W_e), expanded into the stored sums.
      const covariance = new Float64Array(k * k);
      for (let d = 0; d < k; d++) {
        for (let e = 0; e < k; e++) {
          const de = d * k + e;
          const ed = e * k + d;
          const centred = w2xx[de]! - means[e]! * w2x[de]! - means[d]! * w2x[ed]! + means[d]! * means[e]! * w2[de]!;
          covariance[de] = centred / (w[d]! * w[e]!);
        }
      }
      return { kind: 'normal', city: acc.city, n: acc.n, means, covariance };
    });
  }
}

/** w2x[d·k + e] = Σ over respondents with both d and e of w²·x_d. */
function addToSums(sums: NonNullable<Acc['sums']>, row: ArrayLike<number>, weight: number, k: number): void {
  const w2 = weight * weight;
  for (let d = 0; d < k; d++) {
    const x = row[d]!;
    if (Number.isNaN(x)) continue;
    sums.w[d] = sums.w[d]! + weight;
    sums.wx[d] = sums.wx[d]! + weight * x;
    for (let e = 0; e < k; e++) {
      const y = row[e]!;
      if (Number.isNaN(y)) continue;
      const de = d * k + e;
      sums.w2[de] = sums.w2[de]! + w2;
      sums.w2x[de] = sums.w2x[de]! + w2 * x;
      sums.w2xx[de] = sums.w2xx[de]! + w2 * x * y;
    }
  }
}
