import type { Question } from './instrument.js';

/**
 * Item score on 0–100 (DESIGN §1): `100 · (v − min) / (max − min)`, and
 * `100 − that` for a reverse-coded item. Binary items: yes (1) = 100, no (0) = 0.
 * Goalposts are not clamped: a value beyond a goalpost scores below 0 or above 100.
 * @example itemScore(4, { scale: { type: 'likert', min: 1, max: 5 }, reverse: false }) // => 75
 * @example itemScore(4, { scale: { type: 'likert', min: 1, max: 5 }, reverse: true })  // => 25
 */
export function itemScore(value: number, question: Pick<Question, 'scale' | 'reverse'>): number {
  const { min, max } = question.scale;
  const score = (100 * (value - min)) / (max - min);
  return question.reverse ? 100 - score : score;
}

/**
 * The item score as a line, `score = offset + slope · v`, so hot loops need no
 * call per answer. Same figures as `itemScore` (test/domain/item-score.test.ts).
 * @example itemScoreLine({ scale: { type: 'likert', min: 1, max: 5 }, reverse: true }) // => { offset: 125, slope: -25 }
 */
export function itemScoreLine(question: Pick<Question, 'scale' | 'reverse'>): { offset: number; slope: number } {
  const { min, max } = question.scale;
  const slope = 100 / (max - min);
  return question.reverse ? { offset: 100 + slope * min, slope: -slope } : { offset: -slope * min, slope };
}
