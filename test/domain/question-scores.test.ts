import { describe, expect, it } from 'vitest';
import { questionMoments, questionScores } from '../../src/domain/question-scores.js';
import { tinyInstrument } from '../support/fixtures.js';

const instrument = tinyInstrument(); // A1, A2, A3 (reverse), B1, B2; likert 1–5; minRespondents 2

describe('questionScores', () => {
  it('gives the mean item score per question, missing answers left out, reverse-coded items flipped', () => {
    const moments = questionMoments(instrument, [
      { city: 'gent', answers: [5, 1, 5, 3, null] },
      { city: 'gent', answers: [3, 1, 4, null, null] },
      { city: 'wien', answers: [1, 1, 1, 1, 1] },
    ]);
    const gent = questionScores(instrument, moments.get('gent'));
    // A1: items 100 and 50 → 75; A2: 0, 0 → 0; A3 reverse: 100−100 = 0 and 100−75 = 25 → 12.5
    expect(gent.map((q) => q.score)).toEqual([75, 0, 12.5, null, null]);
    expect(gent.map((q) => q.n)).toEqual([2, 2, 2, 1, 0]);
    // B1 has one answer (< 2): suppressed, never 0; B2 has none.
    expect(gent[3]).toEqual({ code: 'B1', dimension: 'b', score: null, n: 1, suppressed: true });
    expect(gent[4]!.suppressed).toBe(true);
  });

  it('weights respondents by their weight', () => {
    const moments = questionMoments(instrument, [
      { city: 'gent', weight: 3, answers: [5, 5, 5, 5, 5] },
      { city: 'gent', weight: 1, answers: [1, 1, 1, 1, 1] },
    ]);
    // A1: (3·100 + 1·0) / 4 = 75
    expect(questionScores(instrument, moments.get('gent'))[0]!.score).toBe(75);
  });

  it('suppresses every question of a city without respondents', () => {
    expect(questionScores(instrument, undefined).every((q) => q.suppressed && q.score === null && q.n === 0)).toBe(true);
  });
});
