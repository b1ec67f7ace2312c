import type { Instrument, InstrumentNode } from './instrument.js';
import { maturityLevel } from './maturity-level.js';
import { addValue, emptyMoments, type Moments } from './moments.js';
import { compileReliability, type ItemMoments, type ReliabilityPlan } from './reliability.js';
import { compileScorer, type AnswerVector, type RespondentScorer } from './respondent-scores.js';
import { summarize } from './sample-summary.js';

export interface ScoringRespondent {
  /** The entity the respondent answers for (a city id). */
  readonly city: string;
  /** Respondent weight from the file's weight column; 1 when absent. */
  readonly weight?: number | null;
  readonly answers: AnswerVector;
}

/** The moments of one city's respondent node scores, one per scorer slot. */
export interface CityMoments {
  readonly city: string;
  readonly respondents: number;
  readonly nodes: readonly Moments[];
  /** Item statistics per dimension for Cronbach's alpha, when a reliability plan was given. */
  readonly items?: readonly ItemMoments[];
}

export interface NodeScore {
  readonly key: string;
  readonly score: number | null;
  readonly n: number;
  readonly sd: number | null;
  readonly se: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly level: number | null;
  readonly suppressed: boolean;
  readonly children?: readonly NodeScore[];
}

export interface IndexScore {
  readonly score: number | null;
  readonly level: number | null;
  readonly suppressed: boolean;
}

export interface CityScore {
  readonly city: string;
  readonly respondents: number;
  readonly index: IndexScore;
  readonly dimensions: readonly NodeScore[];
}

/**
 * One pass over the respondents: each respondent's node scores (DESIGN §2)
 * added to their city's moments. What a city's scores need, and all of it.
 * With a reliability plan, also each city's item statistics for Cronbach's
 * alpha (complete cases, unweighted; see reliability.ts).
 */
export function accumulateCityMoments(
  scorer: RespondentScorer,
  respondents: Iterable<ScoringRespondent>,
  reliability?: ReliabilityPlan,
): Map<string, CityMoments> {
  const slots = scorer.nodeKeys.length;
  const byCity = new Map<string, { city: string; respondents: number; nodes: Moments[]; items?: ItemMoments[] }>();
  const scores = new Float64Array(slots);
  for (const r of respondents) {
    let acc = byCity.get(r.city);
    if (!acc) {
      acc = { city: r.city, respondents: 0, nodes: Array.from({ length: slots }, emptyMoments) };
      if (reliability) acc.items = reliability.empty();
      byCity.set(r.city, acc);
    }
    acc.respondents++;
    if (reliability) reliability.add(acc.items!, r.answers);
    scorer.score(r.answers, scores);
    const w = r.weight ?? 1;
    for (let s = 0; s < slots; s++) {
      const v = scores[s]!;
      if (!Number.isNaN(v)) addValue(acc.nodes[s]!, v, w);
    }
  }
  return byCity;
}

/**
 * A city's scores from its moments (DESIGN §3–5, §10): per node the mean of
 * the respondent node scores with n, sd, se and 95 % interval; the index as
 * the weighted mean of the dimension scores present; any figure over fewer
 * than `minRespondents` respondents suppressed (null, `suppressed: true`).
 * A suppressed dimension does not enter the index, so it cannot be derived from it.
 * The 95 % t-interval is clipped to 0–100 unless the node holds a goalposts item.
 */
export function cityScore(instrument: Instrument, scorer: RespondentScorer, acc: CityMoments): CityScore {
  const node = (n: InstrumentNode): NodeScore => {
    const m = acc.nodes[scorer.slotOf.get(n.key)!]!;
    const suppressed = m.n < instrument.minRespondents;
    const s = summarize(m);
    const children = n.children.length > 0 ? { children: n.children.map(node) } : {};
    if (suppressed) {
      return { key: n.key, score: null, n: m.n, sd: null, se: null, ciLow: null, ciHigh: null, level: null, suppressed, ...children };
    }
    const bounded = !usesGoalposts(n);
    return {
      key: n.key,
      score: s.mean,
      n: m.n,
      sd: s.sd,
      se: s.se,
      ciLow: s.ciLow === null || !bounded ? s.ciLow : Math.max(0, s.ciLow),
      ciHigh: s.ciHigh === null || !bounded ? s.ciHigh : Math.min(100, s.ciHigh),
      level: s.mean === null ? null : maturityLevel(s.mean, instrument.levels),
      suppressed,
      ...children,
    };
  };
  const dimensions = instrument.dimensions.map(node);
  return { city: acc.city, respondents: acc.respondents, index: indexScore(instrument, dimensions, acc.respondents), dimensions };
}

/**
 * Whether a node's score can leave 0–100 (a goalposts item below or above its
 * goalposts). Otherwise a score is a mean of 0–100 item scores, so the t-interval
 * is clipped to the scale: a bound beyond it says nothing a reader can use.
 */
function usesGoalposts(n: InstrumentNode): boolean {
  return n.questions.some((q) => q.scale.type === 'goalposts') || n.children.some(usesGoalposts);
}

/** DESIGN §4: the weighted mean of the city's dimension scores present, with the coverage rule. */
function indexScore(instrument: Instrument, dimensions: readonly NodeScore[], respondents: number): IndexScore {
  if (respondents < instrument.minRespondents) return { score: null, level: null, suppressed: true };
  let sum = 0;
  let weights = 0;
  let present = 0;
  instrument.dimensions.forEach((d, i) => {
    const score = dimensions[i]!.score;
    if (score === null) return;
    sum += d.weight * score;
    weights += d.weight;
    present++;
  });
  if (present === 0 || present / dimensions.length < instrument.minCoverage) {
    return { score: null, level: null, suppressed: false };
  }
  const score = sum / weights;
  return { score, level: maturityLevel(score, instrument.levels), suppressed: false };
}

/** Scores every city of a set of respondents; cities in order of first appearance. */
export function scoreCities(instrument: Instrument, respondents: Iterable<ScoringRespondent>): {
  scorer: RespondentScorer;
  reliability: ReliabilityPlan;
  moments: Map<string, CityMoments>;
  cities: CityScore[];
} {
  const scorer = compileScorer(instrument);
  const reliability = compileReliability(instrument);
  const moments = accumulateCityMoments(scorer, respondents, reliability);
  const cities = [...moments.values()].map((acc) => cityScore(instrument, scorer, acc));
  return { scorer, reliability, moments, cities };
}
