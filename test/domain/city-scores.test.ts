import { describe, expect, it } from 'vitest';
import { scoreCities } from '../../src/domain/city-scores.js';
import { momentsOf } from '../../src/domain/moments.js';
import { summarize } from '../../src/domain/sample-summary.js';
import { maturityLevel } from '../../src/domain/maturity-level.js';
import { tinyInstrument } from '../support/fixtures.js';

describe('summarize', () => {
  it('gives mean, sd, se and the 95 % t-interval', () => {
    // mean 70; sd = √((100 + 0 + 100) / 2) = 10; se = 10/√3 = 5.7735;
    // t(0.975, 2) = 4.302653 (published t table) → 70 ± 24.8414
    const s = summarize(momentsOf([60, 70, 80]));
    expect(s.mean).toBe(70);
    expect(s.sd).toBeCloseTo(10, 10);
    expect(s.se).toBeCloseTo(5.773503, 6);
    expect(s.ciLow).toBeCloseTo(45.1586, 4);
    expect(s.ciHigh).toBeCloseTo(94.8414, 4);
  });

  it('has no sd or interval for a single value', () => {
    expect(summarize(momentsOf([42]))).toEqual({ n: 1, mean: 42, sd: null, se: null, ciLow: null, ciHigh: null });
  });

  it('uses respondent weights for the mean', () => {
    // (1·40 + 3·80) / 4 = 70
    expect(summarize(momentsOf([40, 80], [1, 3])).mean).toBe(70);
  });
});

describe('maturityLevel', () => {
  const levels = tinyInstrument().levels;
  it.each([
    [0, 1],
    [19.99, 1],
    [20, 2],
    [39.999, 2],
    [40, 3],
    [60, 4],
    [80, 5],
    [100, 5],
    [-12, 1],
    [130, 5],
  ])('puts %d in level %d (a boundary takes the higher level)', (score, level) => {
    expect(maturityLevel(score, levels)).toBe(level);
  });
});

describe('scoreCities', () => {
  const instrument = tinyInstrument();
  const { cities } = scoreCities(instrument, [
    { city: 'x', answers: [5, 3, 2, 4, null] }, // a 65, b 75
    { city: 'x', answers: [3, 5, 4, 5, 5] }, // a = (50 + 300 + 25)/5 = 75, b 100
    { city: 'y', answers: [5, 5, 1, 5, 5] }, // one respondent: below minRespondents 2
  ]);
  const x = cities.find((c) => c.city === 'x')!;

  it('gives each dimension mean, n, sd and interval', () => {
    const a = x.dimensions[0]!;
    // a: [65, 75] → mean 70, sd √50 = 7.0711, se 5; t(0.975, 1) = 12.7062 → 70 ± 63.531 = 6.469 … 133.531,
    // clipped to the 0–100 scale: 6.469 … 100
    expect(a.score).toBe(70);
    expect(a.n).toBe(2);
    expect(a.sd).toBeCloseTo(7.071068, 6);
    expect(a.ciLow).toBeCloseTo(6.469, 3);
    expect(a.ciHigh).toBe(100);
    expect(a.level).toBe(4);
    // b: [75, 100] → 87.5, level 5
    expect(x.dimensions[1]!.score).toBe(87.5);
    expect(x.dimensions[1]!.level).toBe(5);
  });

  it('gives the index as the weighted mean of the dimension scores', () => {
    // (70 + 87.5) / 2 = 78.75 → level 4
    expect(x.index).toEqual({ score: 78.75, level: 4, suppressed: false });
  });

  it('suppresses every figure of a city below minRespondents', () => {
    const y = cities.find((c) => c.city === 'y')!;
    expect(y.index).toEqual({ score: null, level: null, suppressed: true });
    expect(y.dimensions.every((d) => d.suppressed && d.score === null && d.sd === null)).toBe(true);
    // No n for a suppressed figure: a count of 1 would itself say who answered.
    expect(y.dimensions[0]!.n).toBeNull();
  });
});

describe('interval clipping', () => {
  it('clips a score interval to 0–100, but not one with a goalposts item', () => {
    const scale = (type: 'likert' | 'goalposts') =>
      tinyInstrument({
        dimensions: [
          {
            key: 'g',
            label: { en: 'G' },
            weight: 1,
            questions: [{ code: 'G1', text: { en: 'g1' }, scale: { type, min: 1, max: 5 } }],
          },
        ],
      });
    // answers 1 and 5 → item scores 0 and 100: mean 50, sd 70.711, se 50; t(0.975, 1) = 12.7062 → 50 ± 635.31
    const answers = [
      { city: 'x', answers: [1] },
      { city: 'x', answers: [5] },
    ];
    const likert = scoreCities(scale('likert'), answers).cities[0]!.dimensions[0]!;
    expect([likert.ciLow, likert.ciHigh]).toEqual([0, 100]);
    const goalposts = scoreCities(scale('goalposts'), answers).cities[0]!.dimensions[0]!;
    expect(goalposts.ciLow).toBeCloseTo(50 - 635.3102, 3);
    expect(goalposts.ciHigh).toBeCloseTo(50 + 635.3102, 3);
  });
});
