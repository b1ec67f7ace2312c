import type { CityMoments, CityScore } from './city-scores.js';
import type { Instrument } from './instrument.js';
import { poolMoments, type Moments } from './moments.js';
import { rankAmong } from './rank.js';
import type { RespondentScorer } from './respondent-scores.js';
import { welchTest } from './welch-test.js';

export interface DimensionGap {
  readonly key: string;
  readonly score: number | null;
  readonly suppressed: boolean;
  readonly target: number;
  readonly gapToTarget: number | null;
  readonly peerMean: number | null;
  readonly gapToPeers: number | null;
  /** City id of the best-scoring peer. */
  readonly leader: string | null;
  readonly gapToLeader: number | null;
  readonly rank: number | null;
  readonly percentile: number | null;
  readonly testable: boolean;
  readonly pValue: number | null;
  readonly significant: boolean | null;
}

export interface GapInput {
  readonly instrument: Instrument;
  readonly scorer: RespondentScorer;
  /** Scores of every city of the wave. */
  readonly cities: readonly CityScore[];
  readonly moments: ReadonlyMap<string, CityMoments>;
  readonly focus: string;
  readonly peers: readonly string[];
}

/**
 * Gaps of the focus city per dimension (DESIGN §6). Suppressed cities count
 * neither as peers nor in ranks, so no suppressed figure can be recovered by
 * subtraction. Positive gaps mean the city is behind.
 * - gapToTarget = max(0, target − score)
 * - gapToPeers = (unweighted mean of peer scores) − score
 * - gapToLeader = max(peer scores) − score
 * - Welch's test of the city's respondent scores against the pooled peer respondents.
 */
export function cityGaps(input: GapInput): DimensionGap[] {
  const { instrument, scorer, cities, moments, focus, peers } = input;
  const byId = new Map(cities.map((c) => [c.city, c]));
  const focusCity = byId.get(focus);
  return instrument.dimensions.map((dimension, d) => {
    const target = dimension.target ?? instrument.target;
    const scoreOf = (id: string) => byId.get(id)?.dimensions[d]?.score ?? null;
    const score = scoreOf(focus);
    const suppressed = focusCity?.dimensions[d]?.suppressed ?? true;
    const peerScores = peers
      .map((id) => ({ id, score: scoreOf(id) }))
      .filter((p): p is { id: string; score: number } => p.score !== null);
    const peerMean = peerScores.length > 0 ? peerScores.reduce((s, p) => s + p.score, 0) / peerScores.length : null;
    const leader = peerScores.reduce<{ id: string; score: number } | null>(
      (best, p) => (best === null || p.score > best.score ? p : best),
      null,
    );
    const empty: DimensionGap = {
      key: dimension.key, score: null, suppressed, target, gapToTarget: null, peerMean, gapToPeers: null,
      leader: leader?.id ?? null, gapToLeader: null, rank: null, percentile: null,
      testable: false, pValue: null, significant: null,
    };
    if (score === null) return empty;

    const all = cities.map((c) => c.dimensions[d]?.score ?? null).filter((s): s is number => s !== null);
    const { rank, percentile } = rankAmong(score, all);
    const slot = scorer.slotOf.get(dimension.key)!;
    const own = moments.get(focus)?.nodes[slot];
    const pooled = poolMoments(
      peerScores.map((p) => moments.get(p.id)?.nodes[slot]).filter((m): m is Moments => m !== undefined),
    );
    const test = own ? welchTest(own, pooled) : null;
    return {
      ...empty,
      score,
      gapToTarget: Math.max(0, target - score),
      gapToPeers: peerMean === null ? null : peerMean - score,
      gapToLeader: leader === null ? null : leader.score - score,
      rank,
      percentile,
      testable: test !== null,
      pValue: test?.pValue ?? null,
      significant: test === null ? null : test.pValue < 0.05,
    };
  });
}
