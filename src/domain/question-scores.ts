import type { ScoringRespondent } from './city-scores.js';
import type { Instrument } from './instrument.js';
import { itemScore } from './item-score.js';
import { addValue, emptyMoments, mean, type Moments } from './moments.js';

/** A city's mean item score on one question (DESIGN §1, §3, §10). */
export interface QuestionScore {
  readonly code: string;
  /** Key of the top-level dimension the question belongs to. */
  readonly dimension: string;
  /** Weighted mean item score 0–100; null when suppressed or unanswered. */
  readonly score: number | null;
  /** Respondents who answered the question. */
  readonly n: number;
  readonly suppressed: boolean;
}

/**
 * One pass over the respondents: per city, the moments of the item scores of
 * every question (answered questions only; "no answer" is missing, never 0).
 * @example questionMoments(instrument, [{ city: 'gent', answers: [5, 1] }]).get('gent')![0].sumWX // => 100
 */
export function questionMoments(instrument: Instrument, respondents: Iterable<ScoringRespondent>): Map<string, Moments[]> {
  const byCity = new Map<string, Moments[]>();
  const questions = instrument.questions;
  for (const r of respondents) {
    let acc = byCity.get(r.city);
    if (!acc) {
      acc = questions.map(emptyMoments);
      byCity.set(r.city, acc);
    }
    const w = r.weight ?? 1;
    for (let i = 0; i < questions.length; i++) {
      const q = questions[i]!;
      const v = r.answers[q.index];
      if (v === null || v === undefined) continue;
      addValue(acc[i]!, itemScore(v, q), w);
    }
  }
  return byCity;
}

/**
 * The question scores of one city from its moments: the mean item score per
 * question, suppressed (null, `suppressed: true`) below `minRespondents` answers.
 * @example questionScores(instrument, moments)[0] // => { code: 'SOV01', score: 62.5, n: 12, suppressed: false, … }
 */
export function questionScores(instrument: Instrument, moments: readonly Moments[] | undefined): QuestionScore[] {
  return instrument.questions.map((q, i) => {
    const m = moments?.[i] ?? emptyMoments();
    const suppressed = m.n < instrument.minRespondents;
    return {
      code: q.code,
      dimension: q.dimension,
      score: suppressed || m.n === 0 ? null : mean(m),
      n: m.n,
      suppressed,
    };
  });
}
