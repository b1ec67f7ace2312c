import type { Instrument, InstrumentNode, Question } from './instrument.js';
import { itemScoreLine } from './item-score.js';
import type { AnswerVector } from './respondent-scores.js';

/**
 * Sufficient statistics for Cronbach's alpha of one dimension: over the
 * complete cases (respondents who answered every question of the dimension's
 * subtree), the count n, per item Σxᵢ and Σxᵢ², and for the respondent's item
 * total T = Σᵢxᵢ its ΣT and ΣT², on the 0–100 item-score scale (reverse-coded
 * items already turned). O(k) per respondent, not O(k²): alpha needs only the
 * item variances and the variance of the totals. Unweighted: alpha describes
 * the instrument, not a population. Poolable by addition, so they can be
 * stored per city (e.g. in an aggregates table) and summed for a wave.
 */
export interface ItemMoments {
  n: number;
  readonly sums: Float64Array;
  readonly squares: Float64Array;
  total: number;
  totalSquares: number;
}

export interface ReliabilityPlan {
  /** Per dimension, the questions of its whole subtree. */
  readonly dimensions: readonly { readonly key: string; readonly questions: readonly Question[] }[];
  empty(): ItemMoments[];
  /** Adds one respondent's answers to the per-dimension statistics (complete cases only). */
  add(stats: ItemMoments[], answers: AnswerVector): void;
  /**
   * The statistics of every dimension in one array, zero: per dimension n, ΣT, ΣT², then Σxᵢ and
   * Σxᵢ² per item. What adding a respondent touches is then one run of memory, not two arrays
   * and an object per dimension (the import's sums wait on memory, not on arithmetic).
   */
  emptyPacked(): Float64Array;
  /** As `add`, into packed statistics (the same sums, in the same order). */
  addPacked(stats: Float64Array, answers: AnswerVector): void;
  /** Packed statistics as one `ItemMoments` per dimension. */
  unpack(stats: Float64Array): ItemMoments[];
}

/** One dimension's questions: where each answer is, its item-score line, and a buffer for the scores. */
interface DimensionPlan {
  readonly index: Int32Array;
  readonly offset: Float64Array;
  readonly slope: Float64Array;
  readonly buffer: Float64Array;
}

/** Fills the plan's buffer with the dimension's item scores; false when an answer is missing (not a complete case). */
function itemScoresOf(plan: DimensionPlan, answers: AnswerVector): boolean {
  const { index, offset, slope, buffer } = plan;
  for (let i = 0; i < index.length; i++) {
    const v = answers[index[i]!];
    if (v === null || v === undefined || v !== v) return false;
    buffer[i] = offset[i]! + slope[i]! * v;
  }
  return true;
}

export function compileReliability(instrument: Instrument): ReliabilityPlan {
  const subtree = (node: InstrumentNode): Question[] => [...node.questions, ...node.children.flatMap(subtree)];
  const dimensions = instrument.dimensions.map((d) => ({ key: d.key, questions: subtree(d) }));
  const plans = dimensions.map((d): DimensionPlan => {
    const lines = d.questions.map(itemScoreLine);
    return {
      index: Int32Array.from(d.questions.map((q) => q.index)),
      offset: Float64Array.from(lines.map((l) => l.offset)),
      slope: Float64Array.from(lines.map((l) => l.slope)),
      buffer: new Float64Array(d.questions.length),
    };
  });
  const offsets: number[] = [];
  let packedLength = 0;
  for (const d of dimensions) {
    offsets.push(packedLength);
    packedLength += 3 + 2 * d.questions.length;
  }
  return {
    dimensions,
    empty: () => dimensions.map((d) => emptyItemMoments(d.questions.length)),
    emptyPacked: () => new Float64Array(packedLength),
    addPacked(stats, answers) {
      for (let d = 0; d < plans.length; d++) {
        const plan = plans[d]!;
        if (!itemScoresOf(plan, answers)) continue; // not a complete case for this dimension
        const { buffer } = plan;
        const k = buffer.length;
        const o = offsets[d]!;
        let total = 0;
        for (let i = 0; i < k; i++) {
          const x = buffer[i]!;
          stats[o + 3 + i] = stats[o + 3 + i]! + x;
          stats[o + 3 + k + i] = stats[o + 3 + k + i]! + x * x;
          total += x;
        }
        stats[o] = stats[o]! + 1;
        stats[o + 1] = stats[o + 1]! + total;
        stats[o + 2] = stats[o + 2]! + total * total;
      }
    },
    unpack: (stats) =>
      dimensions.map((d, i) => {
        const o = offsets[i]!;
        const k = d.questions.length;
        return {
          n: stats[o]!,
          total: stats[o + 1]!,
          totalSquares: stats[o + 2]!,
          sums: stats.slice(o + 3, o + 3 + k),
          squares: stats.slice(o + 3 + k, o + 3 + 2 * k),
        };
      }),
    add(stats, answers) {
      for (let d = 0; d < plans.length; d++) {
        const plan = plans[d]!;
        if (!itemScoresOf(plan, answers)) continue; // not a complete case for this dimension
        const { buffer } = plan;
        const k = buffer.length;
        const s = stats[d]!;
        const { sums, squares } = s;
        let total = 0;
        for (let i = 0; i < k; i++) {
          const x = buffer[i]!;
          sums[i] = sums[i]! + x;
          squares[i] = squares[i]! + x * x;
          total += x;
        }
        s.n++;
        s.total += total;
        s.totalSquares += total * total;
      }
    },
  };
}

export function emptyItemMoments(k: number): ItemMoments {
  return { n: 0, sums: new Float64Array(k), squares: new Float64Array(k), total: 0, totalSquares: 0 };
}

/** The statistics of the union of samples (same dimension). */
export function poolItemMoments(k: number, parts: readonly ItemMoments[]): ItemMoments {
  const out = emptyItemMoments(k);
  for (const p of parts) {
    out.n += p.n;
    for (let i = 0; i < k; i++) {
      out.sums[i] = out.sums[i]! + p.sums[i]!;
      out.squares[i] = out.squares[i]! + p.squares[i]!;
    }
    out.total += p.total;
    out.totalSquares += p.totalSquares;
  }
  return out;
}

/**
 * Cronbach's alpha (Cronbach 1951): `k/(k−1) · (1 − Σ s²ᵢ / s²_T)`, with s²ᵢ the
 * sample variance of item i and s²_T that of the respondents' item totals.
 * Null with fewer than 2 items, fewer than 2 complete cases, or no variance
 * in the totals. May be negative.
 * @example cronbachAlpha(itemMomentsOf([[1, 2], [2, 3], [3, 3]])) // => 0.857… (= 6/7)
 */
export function cronbachAlpha(m: ItemMoments): number | null {
  const k = m.sums.length;
  if (k < 2 || m.n < 2) return null;
  const { items, total } = squaredDeviations(m);
  return alphaOf(k, items, total);
}

/**
 * Cronbach's alpha within groups (e.g. cities): each group centred on its own
 * item and total means, so differences between the groups' levels do not
 * count as agreement between items. `k/(k−1) · (1 − Σ_g Σ_i SSᵢ,g / Σ_g SS_T,g)`
 * with SS the sums of squared deviations from the group's mean (the pooled
 * within-group variances; their common 1/(N − G) cancels). Null as `cronbachAlpha`.
 * @example cronbachAlphaWithin([itemMomentsOf([[1, 2], [2, 3]]), itemMomentsOf([[11, 12], [12, 14]])]) // => 12/13 = 0.923 (pooled: 0.998)
 */
export function cronbachAlphaWithin(groups: readonly ItemMoments[]): number | null {
  const k = groups[0]?.sums.length ?? 0;
  let n = 0;
  let items = 0;
  let total = 0;
  for (const g of groups) {
    if (g.n < 2) continue;
    const ss = squaredDeviations(g);
    n += g.n;
    items += ss.items;
    total += ss.total;
  }
  if (k < 2 || n < 2) return null;
  return alphaOf(k, items, total);
}

/** Sums of squared deviations Σx² − (Σx)²/n of the items (added) and of the totals. */
function squaredDeviations(m: ItemMoments): { items: number; total: number } {
  let items = 0;
  for (let i = 0; i < m.sums.length; i++) items += Math.max(0, m.squares[i]! - (m.sums[i]! * m.sums[i]!) / m.n);
  return { items, total: m.totalSquares - (m.total * m.total) / m.n };
}

function alphaOf(k: number, items: number, total: number): number | null {
  if (!(total > 1e-9 * Math.max(1, items))) return null;
  return (k / (k - 1)) * (1 - items / total);
}

/** Statistics of complete rows of item scores (for tests and small samples). */
export function itemMomentsOf(rows: readonly (readonly number[])[]): ItemMoments {
  const k = rows[0]?.length ?? 0;
  const m = emptyItemMoments(k);
  for (const row of rows) {
    m.n++;
    let t = 0;
    for (let i = 0; i < k; i++) {
      m.sums[i] = m.sums[i]! + row[i]!;
      m.squares[i] = m.squares[i]! + row[i]! * row[i]!;
      t += row[i]!;
    }
    m.total += t;
    m.totalSquares += t * t;
  }
  return m;
}

export interface DimensionReliability {
  readonly key: string;
  /** Number of items (questions of the dimension's subtree). */
  readonly items: number;
  /** Complete cases behind alpha. */
  readonly n: number;
  /** Alpha over the respondents of every published city pooled. */
  readonly alpha: number | null;
  /** Alpha within cities (each city centred; `cronbachAlphaWithin`): without the differences between cities. */
  readonly alphaWithinCities: number | null;
  readonly suppressed: boolean;
}

/**
 * Alpha per dimension over a wave (DESIGN §9), pooled from per-city item
 * statistics. Only cities whose own figures are published (at least
 * `minRespondents` respondents) enter the pool, so that the wave figure and the
 * visible parts never combine into a suppressed city's data; alpha over fewer
 * than `minRespondents` complete cases is suppressed.
 */
export function waveReliability(
  instrument: Instrument,
  plan: ReliabilityPlan,
  cities: Iterable<{ readonly respondents: number; readonly items?: readonly ItemMoments[] }>,
): DimensionReliability[] {
  const published = [...cities].filter((c) => c.respondents >= instrument.minRespondents && c.items !== undefined);
  return plan.dimensions.map((d, i) => {
    const perCity = published.map((c) => c.items![i]!);
    const pooled = poolItemMoments(d.questions.length, perCity);
    const suppressed = pooled.n < instrument.minRespondents;
    return {
      key: d.key,
      items: d.questions.length,
      n: pooled.n,
      alpha: suppressed ? null : cronbachAlpha(pooled),
      alphaWithinCities: suppressed ? null : cronbachAlphaWithin(perCity),
      suppressed,
    };
  });
}
