import type { Instrument, InstrumentNode } from './instrument.js';
import { maturityLevel } from './maturity-level.js';
import { addValue, emptyMoments, type Moments } from './moments.js';
import { compileReliability, type ItemMoments, type ReliabilityPlan } from './reliability.js';
import { compileScorer, type AnswerVector, type RespondentScorer } from './respondent-scores.js';
import { summarize } from './sample-summary.js';
import { disclosureControl, type CellCount } from './disclosure-control.js';

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
  /** Respondents behind the figure; null when it is suppressed. */
  readonly n: number | null;
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
  /** Null for a segment's part whose count is suppressed (never for a whole city). */
  readonly respondents: number | null;
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
 * the weighted mean of the dimension scores. What may be shown is decided by
 * `disclosureControl` (the one privacy rule): a figure over fewer than
 * `minRespondents` respondents (or a Kish effective n below it) is suppressed
 * (null, `n: null`, `suppressed: true`), a dimension is published whole or
 * not at all (with its sub-nodes), and the index only when every dimension is.
 * The 95 % t-interval is clipped to 0–100 unless the node holds a goalposts item.
 */
export function cityScore(instrument: Instrument, scorer: RespondentScorer, acc: CityMoments): CityScore {
  const hidden = disclosureControl({
    minRespondents: instrument.minRespondents,
    total: nodeCells(scorer, acc),
    partitions: [],
    links: nodeLinks(instrument, scorer),
  });
  return maskedCityScore(instrument, scorer, acc, hidden.total, false);
}

/**
 * The scores of the parts of one city in one segment column (`role`: it,
 * legal, …), each published only where nothing hidden can be recovered by
 * subtracting the parts shown from the city's total (`disclosureControl`).
 * `parts` in any fixed order; a part's respondent count is null when hidden.
 */
export function partitionScores(
  instrument: Instrument,
  scorer: RespondentScorer,
  total: CityMoments,
  parts: readonly CityMoments[],
): CityScore[] {
  const hidden = partitionHidden(instrument, scorer, total, parts);
  return parts.map((p, i) => maskedCityScore(instrument, scorer, p, hidden[i]!, true));
}

/** Per part, per node cell (`nodeCells` order), whether it is hidden: what `partitionScores` applies. */
export function partitionHidden(
  instrument: Instrument,
  scorer: RespondentScorer,
  total: CityMoments,
  parts: readonly CityMoments[],
): boolean[][] {
  return disclosureControl({
    minRespondents: instrument.minRespondents,
    total: nodeCells(scorer, total),
    partitions: [parts.map((p) => nodeCells(scorer, p))],
    links: nodeLinks(instrument, scorer),
  }).partitions[0]!;
}

/**
 * Cell 0: the respondent count (judged by n alone: a count carries no
 * weights); cell 1 + slot: the node in scorer slot `slot` (by n and Kish's n_eff).
 */
export function nodeCells(scorer: RespondentScorer, acc: CityMoments): CellCount[] {
  return [
    { n: acc.respondents, sumW: acc.respondents, sumW2: acc.respondents },
    ...scorer.nodeKeys.map((_, s) => acc.nodes[s] ?? emptyMoments()),
  ];
}

/**
 * Links of the node cells: hidden respondents hide every node; within a
 * dimension every node is hidden when one is (a parent is a weighted mean of
 * its children, so one hidden child could be solved from the parent and the others).
 */
export function nodeLinks(instrument: Instrument, scorer: RespondentScorer): [number, number][] {
  const cell = (key: string) => 1 + scorer.slotOf.get(key)!;
  const links: [number, number][] = scorer.nodeKeys.map((k) => [0, cell(k)]);
  const keys = (n: InstrumentNode): string[] => [n.key, ...n.children.flatMap(keys)];
  for (const d of instrument.dimensions) {
    const ring = keys(d).map(cell);
    if (ring.length > 1) ring.forEach((c, i) => links.push([c, ring[(i + 1) % ring.length]!]));
  }
  return links;
}

function maskedCityScore(
  instrument: Instrument,
  scorer: RespondentScorer,
  acc: CityMoments,
  hidden: readonly boolean[],
  hideCount: boolean,
): CityScore {
  const node = (n: InstrumentNode): NodeScore => {
    const slot = scorer.slotOf.get(n.key)!;
    const m = acc.nodes[slot]!;
    const children = n.children.length > 0 ? { children: n.children.map(node) } : {};
    if (hidden[1 + slot] || m.n === 0) {
      return {
        key: n.key,
        score: null,
        n: null,
        sd: null,
        se: null,
        ciLow: null,
        ciHigh: null,
        level: null,
        suppressed: true,
        ...children,
      };
    }
    const s = summarize(m);
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
      suppressed: false,
      ...children,
    };
  };
  const dimensions = instrument.dimensions.map(node);
  const respondents = hideCount && hidden[0] ? null : acc.respondents;
  return { city: acc.city, respondents, index: indexScore(instrument, dimensions), dimensions };
}

/**
 * Whether a node's score can leave 0–100 (a goalposts item below or above its
 * goalposts). Otherwise a score is a mean of 0–100 item scores, so the t-interval
 * is clipped to the scale: a bound beyond it says nothing a reader can use.
 */
function usesGoalposts(n: InstrumentNode): boolean {
  return n.questions.some((q) => q.scale.type === 'goalposts') || n.children.some(usesGoalposts);
}

/** DESIGN §4: the weighted mean of the city's dimension scores, published only when every dimension is. */
function indexScore(instrument: Instrument, dimensions: readonly NodeScore[]): IndexScore {
  if (dimensions.some((d) => d.suppressed || d.score === null)) return { score: null, level: null, suppressed: true };
  let sum = 0;
  let weights = 0;
  instrument.dimensions.forEach((d, i) => {
    sum += d.weight * dimensions[i]!.score!;
    weights += d.weight;
  });
  const score = sum / weights;
  return { score, level: maturityLevel(score, instrument.levels), suppressed: false };
}

/** Scores every city of a set of respondents; cities in order of first appearance. */
export function scoreCities(
  instrument: Instrument,
  respondents: Iterable<ScoringRespondent>,
): {
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
