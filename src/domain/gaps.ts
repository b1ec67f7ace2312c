import type { CityMoments, CityScore } from './city-scores.js';
import { contrastTest, estimateOf, gapToPeersTest, type ContrastTest } from './gap-tests.js';
import type { Instrument } from './instrument.js';
import { holm, isClear } from './multiple-comparisons.js';
import { rankAmong } from './rank.js';
import type { RespondentScorer } from './respondent-scores.js';

export interface DimensionGap {
  readonly key: string;
  readonly score: number | null;
  readonly suppressed: boolean;
  readonly target: number;
  readonly gapToTarget: number | null;
  /** 95 % interval of `target − score` (not floored at 0, so it shows the uncertainty). */
  readonly gapToTargetCiLow: number | null;
  readonly gapToTargetCiHigh: number | null;
  /** One-sample t-test of score = target; Holm-adjusted over the dimensions. */
  readonly targetPValue: number | null;
  readonly targetPAdjusted: number | null;
  readonly targetSignificant: boolean | null;
  readonly peerMean: number | null;
  /** Unweighted mean of the peers' city means − the city's mean. */
  readonly gapToPeers: number | null;
  /** 95 % t-interval of gapToPeers (Welch–Satterthwaite df). */
  readonly gapToPeersCiLow: number | null;
  readonly gapToPeersCiHigh: number | null;
  /** Peers with a published figure: the k of the peer mean and of its test. */
  readonly peersCounted: number;
  /** City id of the best-scoring peer. */
  readonly leader: string | null;
  readonly gapToLeader: number | null;
  readonly gapToLeaderCiLow: number | null;
  readonly gapToLeaderCiHigh: number | null;
  /** Welch's t-test of leader against city. The leader is picked after seeing the data, so this p is optimistic. */
  readonly leaderPValue: number | null;
  readonly leaderPAdjusted: number | null;
  readonly leaderSignificant: boolean | null;
  readonly rank: number | null;
  readonly percentile: number | null;
  /** Whether the gap to peers could be tested. */
  readonly testable: boolean;
  /** Two-sided p of the gap to peers as shown. */
  readonly pValue: number | null;
  /** pValue, Holm-adjusted over the dimensions (the family of the peer comparison). */
  readonly pAdjusted: number | null;
  /** pAdjusted < 0.05: a clear difference; null when not testable. */
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
 * - gapToTarget = max(0, target − score); tested as score = target (one-sample t)
 * - gapToPeers = (unweighted mean of the k peer scores) − score, tested as shown:
 *   se = √(se_city² + Σ se_i² / k²), Welch–Satterthwaite df (see gap-tests.ts)
 * - gapToLeader = max(peer scores) − score, Welch's t of the two cities
 * Each comparison's p-values are Holm-adjusted over the dimensions (one family
 * per comparison); `…Significant` = adjusted p < 0.05.
 */
export function cityGaps(input: GapInput): DimensionGap[] {
  const { instrument, scorer, cities, moments, focus, peers } = input;
  const byId = new Map(cities.map((c) => [c.city, c]));
  const focusCity = byId.get(focus);
  const raw = instrument.dimensions.map((dimension, d) => {
    const target = dimension.target ?? instrument.target;
    const scoreOf = (id: string) => byId.get(id)?.dimensions[d]?.score ?? null;
    const slot = scorer.slotOf.get(dimension.key)!;
    const estimate = (id: string) => estimateOf(moments.get(id)?.nodes[slot]);
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
    if (score === null) {
      return {
        key: dimension.key,
        score: null,
        suppressed,
        target,
        peerMean,
        peersCounted: peerScores.length,
        leader: leader?.id ?? null,
        leaderScore: null,
        rank: null,
        percentile: null,
        tests: null,
      };
    }
    const all = cities.map((c) => c.dimensions[d]?.score ?? null).filter((s): s is number => s !== null);
    const own = estimate(focus);
    const tests = {
      target: contrastTest([{ coef: -1, est: own }], target),
      peers: gapToPeersTest(
        own,
        peerScores.map((p) => estimate(p.id)),
      ),
      leader:
        leader === null
          ? null
          : contrastTest([
              { coef: 1, est: estimate(leader.id) },
              { coef: -1, est: own },
            ]),
    };
    return {
      key: dimension.key,
      score,
      suppressed,
      target,
      peerMean,
      peersCounted: peerScores.length,
      leader: leader?.id ?? null,
      leaderScore: leader?.score ?? null,
      ...rankAmong(score, all),
      tests,
    };
  });

  const adjusted = (pick: 'target' | 'peers' | 'leader') => holm(raw.map((r) => r.tests?.[pick]?.pValue ?? null));
  const targetAdj = adjusted('target');
  const peersAdj = adjusted('peers');
  const leaderAdj = adjusted('leader');
  return raw.map((r, d): DimensionGap => {
    const t = r.tests;
    const low = (x: ContrastTest | null | undefined) => x?.ciLow ?? null;
    const high = (x: ContrastTest | null | undefined) => x?.ciHigh ?? null;
    return {
      key: r.key,
      score: r.score,
      suppressed: r.suppressed,
      target: r.target,
      gapToTarget: r.score === null ? null : Math.max(0, r.target - r.score),
      gapToTargetCiLow: low(t?.target),
      gapToTargetCiHigh: high(t?.target),
      targetPValue: t?.target?.pValue ?? null,
      targetPAdjusted: targetAdj[d]!,
      targetSignificant: isClear(targetAdj[d]!),
      peerMean: r.peerMean,
      gapToPeers: r.score === null || r.peerMean === null ? null : r.peerMean - r.score,
      gapToPeersCiLow: low(t?.peers),
      gapToPeersCiHigh: high(t?.peers),
      peersCounted: r.peersCounted,
      leader: r.leader,
      gapToLeader: r.score === null || r.leaderScore === null ? null : r.leaderScore - r.score,
      gapToLeaderCiLow: low(t?.leader),
      gapToLeaderCiHigh: high(t?.leader),
      leaderPValue: t?.leader?.pValue ?? null,
      leaderPAdjusted: leaderAdj[d]!,
      leaderSignificant: isClear(leaderAdj[d]!),
      rank: r.rank,
      percentile: r.percentile,
      testable: t?.peers != null,
      pValue: t?.peers?.pValue ?? null,
      pAdjusted: peersAdj[d]!,
      significant: isClear(peersAdj[d]!),
    };
  });
}
