import { describe, expect, it } from 'vitest';
import { questionMeans } from '../../src/domain/question-means.js';
import { tinyInstrument } from '../support/fixtures.js';

describe('questionMeans', () => {
  const instrument = tinyInstrument(); // minRespondents 2; A3 reverse-coded; likert 1–5
  it('averages item scores over the respondents who answered, reverse items reversed', () => {
    const means = questionMeans(instrument, [
      { city: 'x', answers: [5, 1, 1, null, 3] },
      { city: 'x', answers: [3, null, 2, null, 4] },
      { city: 'x', answers: [4, null, null, 5, 5] },
    ]).get('x')!;
    // A1: 100, 50, 75 → 75 (n 3)
    expect(means[0]).toMatchObject({ code: 'A1', n: 3, score: 75, suppressed: false });
    // its estimate for tests: sd of 100, 50, 75 is 25 → se 25/√3 = 14.434, df 2
    expect(means[0]!.estimate!.se).toBeCloseTo(25 / Math.sqrt(3), 10);
    expect(means[0]!.estimate!.df).toBe(2);
    // A2: one answer (1 → 0) < minRespondents 2 → suppressed, no number
    expect(means[1]).toEqual({ code: 'A2', n: 1, score: null, suppressed: true });
    // A3 reverse: 1 → 100, 2 → 75 → 87.5
    expect(means[2]!.score).toBeCloseTo(87.5, 10);
    // B1: nobody but one answered → suppressed
    expect(means[3]).toMatchObject({ n: 1, score: null, suppressed: true });
    // B2: 50, 75, 100 → 75
    expect(means[4]!.score).toBeCloseTo(75, 10);
  });

  it('weights respondents by their weight column', () => {
    // A1: weights 3 and 1 on 100 and 0 → (300 + 0) / 4 = 75
    const means = questionMeans(instrument, [
      { city: 'y', weight: 3, answers: [5, null, null, null, null] },
      { city: 'y', weight: 1, answers: [1, null, null, null, null] },
    ]).get('y')!;
    expect(means[0]!.score).toBeCloseTo(75, 10);
  });
});
