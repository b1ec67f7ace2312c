import type { ScoringRespondent } from './city-scores.js';
import type { Instrument, Question } from './instrument.js';
import { itemScore } from './item-score.js';
import { estimateOf, type Estimate } from './gap-tests.js';
import { addValue, emptyMoments, mean, type Moments } from './moments.js';

/** A city's mean item score (0–100) on one question. */
export interface QuestionMean {
  readonly code: string;
  /** Respondents who answered the question. */
  readonly n: number;
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
export function questionMeans(instrument: Instrument, respondents: Iterable<ScoringRespondent>): Map<string, QuestionMean[]> {
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
  for (const [city, acc] of byCity) out.set(city, questionMeansOf(instrument, (_q, i) => acc[i]!));
  return out;
}

/**
 * One city's question means from the moments of each question's item scores
 * (e.g. summed from stored aggregates); `momentsOf` gives undefined for a
 * question nobody answered. Same rules as `questionMeans`.
 */
export function questionMeansOf(instrument: Instrument, momentsOf: (question: Question, index: number) => Moments | undefined): QuestionMean[] {
  return instrument.questions.map((q, i) => {
    const m = momentsOf(q, i) ?? emptyMoments();
    const suppressed = m.n < instrument.minRespondents;
    if (suppressed || m.n === 0) return { code: q.code, n: m.n, score: null, suppressed };
    return { code: q.code, n: m.n, score: mean(m), suppressed, estimate: estimateOf(m) };
  });
}
