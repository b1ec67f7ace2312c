import { describe, expect, it } from 'vitest';
import { questionMeans } from '../../src/domain/question-means.js';
import { tinyInstrument } from '../support/fixtures.js';

describe('questionMeans', () => {
  const instrument = tinyInstrument(); // minRespondents 2; A3 reverse-coded; likert 1–5
  it('averages item scores over the respondents who answered, reverse items reversed', () => {
    const means = questionMeans(instrument, [
      { city: 'x', answers: [5, 1, 1, null, 3] },
      { city: 'x', answers: [3, 2, 2, 4, 4] },
      { city: 'x', answers: [4, null, null, 5, 5] },
    ]).get('x')!;
    // A1: 100, 50, 75 → 75 (n 3)
    expect(means[0]).toMatchObject({ code: 'A1', n: 3, score: 75, suppressed: false });
    // its estimate for tests: sd of 100, 50, 75 is 25 → se 25/√3 = 14.434, df 2
    expect(means[0]!.estimate!.se).toBeCloseTo(25 / Math.sqrt(3), 10);
    expect(means[0]!.estimate!.df).toBe(2);
    // A2: 1 → 0, 2 → 25 → 12.5 (n 2)
    expect(means[1]).toMatchObject({ code: 'A2', n: 2, score: 12.5, suppressed: false });
    // A3 reverse: 1 → 100, 2 → 75 → 87.5
    expect(means[2]!.score).toBeCloseTo(87.5, 10);
    // B1: 75, 100 → 87.5; B2: 50, 75, 100 → 75
    expect(means[3]!.score).toBeCloseTo(87.5, 10);
    expect(means[4]!.score).toBeCloseTo(75, 10);
  });

  it('suppresses a question below minRespondents with no n, and with it the other questions of its dimension', () => {
    const means = questionMeans(instrument, [
      { city: 'x', answers: [5, 1, 1, 4, 3] },
      { city: 'x', answers: [3, null, 2, 5, 4] },
    ]).get('x')!;
    // A2 has one answer (< 2): hidden; A1 and A3 go too, else A2 = (5·a − A1 − A3)/3 with the dimension score a.
    expect(means.slice(0, 3)).toEqual(
      ['A1', 'A2', 'A3'].map((code) => ({ code, n: null, score: null, suppressed: true })),
    );
    // B: both answered both: shown. B1: 75, 100 → 87.5
    expect(means[3]).toMatchObject({ code: 'B1', n: 2, score: 87.5, suppressed: false });
  });

  it('weights respondents by their weight column, and judges a group by its Kish effective n', () => {
    // A1: weights 3, 1, 1 on 100, 0, 0 → 300 / 5 = 60; n_eff = 5² / 11 = 2.27 ≥ 2
    const means = questionMeans(instrument, [
      { city: 'y', weight: 3, answers: [5, null, null, null, null] },
      { city: 'y', weight: 1, answers: [1, null, null, null, null] },
      { city: 'y', weight: 1, answers: [1, null, null, null, null] },
    ]).get('y')!;
    expect(means[0]!.score).toBeCloseTo(60, 10);
    // weights 3 and 1: n = 2 but n_eff = 4² / 10 = 1.6 < 2 → suppressed
    const two = questionMeans(instrument, [
      { city: 'y', weight: 3, answers: [5, null, null, null, null] },
      { city: 'y', weight: 1, answers: [1, null, null, null, null] },
    ]).get('y')!;
    expect(two[0]).toEqual({ code: 'A1', n: null, score: null, suppressed: true });
  });
});
