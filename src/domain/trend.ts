import type { CityMoments, CityScore, NodeScore } from './city-scores.js';
import type { Instrument, InstrumentNode } from './instrument.js';
import type { RespondentScorer } from './respondent-scores.js';
import { holm, isClear } from './multiple-comparisons.js';
import { welchNotTestable, welchTest } from './welch-test.js';

export interface NodeTrend {
  readonly key: string;
  /** The score in the previous wave; null when absent or suppressed there. */
  readonly previous: number | null;
  /** score − previous (positive = improved); null unless both are published. */
  readonly delta: number | null;
  /** Welch's test of this wave's respondent scores against the previous wave's. */
  readonly testable: boolean;
  /** Why the change cannot be tested (e.g. "no variation on either side"); null when it can, or when no change is shown. */
  readonly notTestableReason: string | null;
  readonly pValue: number | null;
  /** pValue Holm-adjusted over the dimensions (or over one parent's children): one family. */
  readonly pAdjusted: number | null;
  /** pAdjusted < 0.05: a clear change; null when not testable. */
  readonly significant: boolean | null;
  readonly children?: readonly NodeTrend[];
}

export interface CityTrend {
  readonly city: string;
  /** Year of the previous wave of the same instrument, null when there is none. */
  readonly previousWave: number | null;
  readonly index: { readonly previous: number | null; readonly delta: number | null };
  readonly dimensions: readonly NodeTrend[];
}

export interface ScoredCity {
  readonly score: CityScore;
  readonly moments: CityMoments;
}

/**
 * Trend of one city against the previous wave of the same instrument (DESIGN §8),
 * for the index and every node below the root. A delta is published only when
 * both waves' figures are; the significance test treats the two waves'
 * respondents as independent samples (Welch, two-sided, p < 0.05), which is
 * right for fresh samples and conservative for a panel. The p-values of the
 * dimensions form one family (Holm), as do the children of each node.
 * @example a dimension at 70 now and 60 before → { previous: 60, delta: 10, … }
 */
export function cityTrend(
  instrument: Instrument,
  scorer: RespondentScorer,
  current: ScoredCity,
  previous: ScoredCity | undefined,
  previousWave: number | null,
): CityTrend {
  const family = (nodes: NodeTrend[]): NodeTrend[] => {
    const adjusted = holm(nodes.map((t) => t.pValue));
    return nodes.map((t, i) => ({ ...t, pAdjusted: adjusted[i]!, significant: isClear(adjusted[i]!) }));
  };
  const node = (n: InstrumentNode, now: NodeScore, before: NodeScore | undefined): NodeTrend => {
    const slot = scorer.slotOf.get(n.key)!;
    const prev = before?.score ?? null;
    const both = now.score !== null && prev !== null;
    const test = both ? welchTest(current.moments.nodes[slot]!, previous!.moments.nodes[slot]!) : null;
    const reason =
      both && test === null ? welchNotTestable(current.moments.nodes[slot]!, previous!.moments.nodes[slot]!) : null;
    const children =
      n.children.length > 0
        ? { children: family(n.children.map((c, i) => node(c, now.children![i]!, before?.children?.[i]))) }
        : {};
    return {
      key: n.key,
      previous: prev,
      delta: both ? now.score! - prev! : null,
      testable: test !== null,
      notTestableReason: reason,
      pValue: test?.pValue ?? null,
      pAdjusted: null,
      significant: null,
      ...children,
    };
  };
  const prevIndex = previous?.score.index.score ?? null;
  const nowIndex = current.score.index.score;
  return {
    city: current.score.city,
    previousWave: previous ? previousWave : null,
    index: { previous: prevIndex, delta: nowIndex !== null && prevIndex !== null ? nowIndex - prevIndex : null },
    dimensions: family(
      instrument.dimensions.map((d, i) => node(d, current.score.dimensions[i]!, previous?.score.dimensions[i])),
    ),
  };
}
