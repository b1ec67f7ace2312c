import type { ScoringRespondent } from './city-scores.js';
import type { Instrument, Question } from './instrument.js';
import { itemScore } from './item-score.js';
import { disclosureControl } from './disclosure-control.js';
import { estimateOf, type Estimate } from './gap-tests.js';
import { addValue, emptyMoments, mean, type Moments } from './moments.js';

/** A city's mean item score (0–100) on one question. */
export interface QuestionMean {
  readonly code: string;
  /** Respondents who answered the question; null when suppressed. */
  readonly n: number | null;
  /** Null when suppressed (n below `minRespondents`) or nobody answered. */
  readonly score: number | null;
  readonly suppressed: boolean;
  /** Mean, se and df for tests (drill-down); use only where `score` is not null. */
  readonly estimate?: Estimate | null;
}

/**
 * Per city and question, the (respondent-weighted) mean item score over the
 * respondents who answered it (DESIGN §1, §3); a mean over fewer than
 * `minRespondents` answers is suppressed (DESIGN §10), so a question nobody in
 * a small group answered cannot be told apart from one they answered.
 * Cities in order of first appearance; questions in instrument order.
 * @example questionMeans(tiny, [{ city: 'a', answers: [5] }, { city: 'a', answers: [3] }, { city: 'a', answers: [4] }])
 *   // => Map { 'a' => [{ code: 'Q1', n: 3, score: 75, suppressed: false }] }   (100, 50, 75 → 75)
 */
export function questionMeans(
  instrument: Instrument,
  respondents: Iterable<ScoringRespondent>,
): Map<string, QuestionMean[]> {
  const questions = instrument.questions;
  const byCity = new Map<string, Moments[]>();
  for (const r of respondents) {
    let acc = byCity.get(r.city);
    if (!acc) {
      acc = questions.map(emptyMoments);
      byCity.set(r.city, acc);
    }
    const w = r.weight ?? 1;
    questions.forEach((q, i) => {
      const v = r.answers[q.index];
      if (v === null || v === undefined) return;
      addValue(acc[i]!, itemScore(v, q), w);
    });
  }
  const out = new Map<string, QuestionMean[]>();
  for (const [city, acc] of byCity)
    out.set(
      city,
      questionMeansOf(instrument, (_q, i) => acc[i]!),
    );
  return out;
}

/**
 * One city's question means from the moments of each question's item scores
 * (e.g. summed from stored aggregates); `momentsOf` gives undefined for a
 * question nobody answered. Same rules as `questionMeans`; `forced` marks
 * questions hidden from outside (their dimension is suppressed).
 */
export function questionMeansOf(
  instrument: Instrument,
  momentsOf: (question: Question, index: number) => Moments | undefined,
  forced?: readonly boolean[],
): QuestionMean[] {
  const moments = instrument.questions.map((q, i) => momentsOf(q, i) ?? emptyMoments());
  const hidden = disclosureControl({
    minRespondents: instrument.minRespondents,
    total: moments,
    partitions: [],
    links: questionLinks(instrument),
    ...(forced ? { forcedTotal: forced } : {}),
  }).total;
  return maskQuestions(instrument, moments, hidden);
}

/**
 * The question means of the parts of one city in one segment column, each
 * published only where nothing hidden can be recovered from the city's
 * totals and the parts shown (`disclosureControl`, as for the nodes).
 * `forcedParts[p][q]`: question q of part p is hidden from outside (its dimension is).
 */
export function partitionQuestionMeans(
  instrument: Instrument,
  total: readonly Moments[],
  parts: readonly (readonly Moments[])[],
  forcedTotal: readonly boolean[],
  forcedParts: readonly (readonly boolean[])[],
): QuestionMean[][] {
  const hidden = disclosureControl({
    minRespondents: instrument.minRespondents,
    total,
    partitions: [parts],
    links: questionLinks(instrument),
    forcedTotal,
    forcedParts: [forcedParts],
  }).partitions[0]!;
  return parts.map((m, p) => maskQuestions(instrument, m, hidden[p]!));
}

/**
 * Within a dimension the questions are shown all or none: with complete
 * answers the dimension score is the weighted mean of its question means, so
 * one hidden question could be solved from the dimension and the others.
 */
export function questionLinks(instrument: Instrument): [number, number][] {
  const dim = questionDimensions(instrument);
  const links: [number, number][] = [];
  instrument.dimensions.forEach((_, d) => {
    const ring = dim.flatMap((x, q) => (x === d ? [q] : []));
    if (ring.length > 1) ring.forEach((q, i) => links.push([q, ring[(i + 1) % ring.length]!]));
  });
  return links;
}

/** The dimension (index in `instrument.dimensions`) of each question, in instrument order. */
export function questionDimensions(instrument: Instrument): number[] {
  const byCode = new Map<string, number>();
  const walk = (node: Instrument['dimensions'][number], d: number): void => {
    node.questions.forEach((q) => byCode.set(q.code, d));
    node.children.forEach((c) => walk(c, d));
  };
  instrument.dimensions.forEach(walk);
  return instrument.questions.map((q) => byCode.get(q.code) ?? -1);
}

function maskQuestions(
  instrument: Instrument,
  moments: readonly Moments[],
  hidden: readonly boolean[],
): QuestionMean[] {
  return instrument.questions.map((q, i) => {
    const m = moments[i]!;
    if (hidden[i] || m.n === 0) return { code: q.code, n: null, score: null, suppressed: true };
    return { code: q.code, n: m.n, score: mean(m), suppressed: false, estimate: estimateOf(m) };
  });
}
