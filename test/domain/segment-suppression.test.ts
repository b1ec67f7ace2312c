import { describe, expect, it } from 'vitest';
import type { CityScore, NodeScore } from '../../src/domain/city-scores.js';
import { suppressComplements } from '../../src/domain/segment-suppression.js';

const node = (n: number, score: number | null = 50): NodeScore => ({
  key: 'a', score, n, sd: 1, se: 1, ciLow: score, ciHigh: score, level: 3, suppressed: score === null,
});
const city = (id: string, respondents: number, n: number, score: number | null = 50): CityScore => ({
  city: id, respondents, index: { score, level: 3, suppressed: score === null }, dimensions: [node(n, score)],
});

describe('suppressComplements (minRespondents 3)', () => {
  it('suppresses a segment figure when the rest of the city is 1 or 2 respondents', () => {
    // Gent: 10 in all, 8 in the segment → the other 2 would be recoverable by subtraction.
    const [gent] = suppressComplements([city('gent', 8, 8)], [city('gent', 10, 10)], 3);
    expect(gent!.dimensions[0]).toMatchObject({ score: null, suppressed: true, n: 8 });
    expect(gent!.index).toEqual({ score: null, level: null, suppressed: true });
  });

  it('keeps it when the rest is empty or large enough', () => {
    const [all] = suppressComplements([city('gent', 10, 10)], [city('gent', 10, 10)], 3);
    expect(all!.dimensions[0]!.score).toBe(50);
    const [most] = suppressComplements([city('gent', 7, 7)], [city('gent', 10, 10)], 3);
    expect(most!.dimensions[0]!.score).toBe(50);
  });
});
