import { describe, expect, it } from 'vitest';
import { BootstrapSampler, type CitySample } from '../../src/domain/bootstrap-samples.js';
import { cholesky, geometricIndex, indexUncertainty, MAX_DRAWS } from '../../src/domain/index-uncertainty.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { tinyInstrument } from '../support/fixtures.js';

const rows = (city: string, scores: number[][], weights?: number[]): CitySample => ({
  kind: 'rows',
  city,
  n: scores.length,
  scores: Float64Array.from(scores.flat()),
  weights: Float64Array.from(weights ?? scores.map(() => 1)),
});

describe('indexUncertainty', () => {
  it('resamples respondents: one dimension of scores {0, 100} gives means 0, 50, 100 with chance ¼, ½, ¼', () => {
    // 2000 draws: the 2.5th percentile (50th value) is 0 and the 97.5th (1950th) is 100
    const r = indexUncertainty(
      { weights: [1], cities: [{ city: 'x', scores: [50], sample: rows('x', [[0], [100]]) }] },
      { draws: 2000, seed: 4 },
    );
    expect(r.cities[0]).toMatchObject({
      city: 'x',
      complete: true,
      index: 50,
      indexLow: 0,
      indexHigh: 100,
      rank: 1,
      rankLow: 1,
      rankHigh: 1,
    });
  });

  it('is reproducible from its seed, caps the draws and records its settings', () => {
    const input = {
      weights: [1, 1],
      cities: [
        {
          city: 'a',
          scores: [60, 40],
          sample: rows('a', [
            [50, 30],
            [70, 50],
            [60, 40],
          ]),
        },
        {
          city: 'b',
          scores: [55, 50],
          sample: rows('b', [
            [45, 60],
            [65, 40],
          ]),
        },
      ],
    };
    const once = indexUncertainty(input, { draws: 300, seed: 9 });
    expect(indexUncertainty(input, { draws: 300, seed: 9 })).toEqual(once);
    expect(indexUncertainty(input, { draws: 10 ** 6 }).draws).toBe(MAX_DRAWS);
    expect(once).toMatchObject({
      draws: 300,
      seed: 9,
      concentration: 20,
      aggregation: 'arithmetic',
      method: 'respondents+weights',
    });
  });

  it('shows a city with a suppressed dimension but does not rank it', () => {
    // c would lead (90) on its one published dimension: it must not take rank 1 from a
    const r = indexUncertainty(
      {
        weights: [1, 1],
        cities: [
          {
            city: 'a',
            scores: [60, 40],
            sample: rows('a', [
              [50, 30],
              [70, 50],
            ]),
          },
          {
            city: 'c',
            scores: [90, null],
            sample: rows('c', [
              [90, 10],
              [90, 10],
            ]),
          },
        ],
      },
      { draws: 100 },
    );
    expect(r.cities.find((c) => c.city === 'c')).toEqual({
      city: 'c',
      complete: false,
      index: null,
      indexLow: null,
      indexHigh: null,
      rank: null,
      medianRank: null,
      rankLow: null,
      rankHigh: null,
    });
    expect(r.cities.find((c) => c.city === 'a')).toMatchObject({ rank: 1, rankLow: 1, rankHigh: 1 });
  });

  it('widens the rank interval of a city whose few respondents disagree', () => {
    // steady: 50 every time; noisy: respondents at 20 and 80 (mean 50 ± a lot) → ranks 1–2 both ways
    const r = indexUncertainty(
      {
        weights: [1],
        cities: [
          { city: 'steady', scores: [51], sample: rows('steady', [[51], [51], [51]]) },
          { city: 'noisy', scores: [50], sample: rows('noisy', [[20], [80], [20], [80]]) },
        ],
      },
      { draws: 1000, seed: 2 },
    );
    expect(r.cities.find((c) => c.city === 'steady')).toMatchObject({
      rank: 1,
      indexLow: 51,
      indexHigh: 51,
      rankLow: 1,
      rankHigh: 2,
    });
    expect(r.cities.find((c) => c.city === 'noisy')).toMatchObject({ rank: 2, rankLow: 1, rankHigh: 2 });
  });

  it('draws a large city from the normal with the bootstrap covariance', () => {
    // mean 50, var of the mean 16 (sd 4): 2000 draws put the 95 % interval near 50 ± 1.96·4 = 42.2 … 57.8
    const sample: CitySample = {
      kind: 'normal',
      city: 'big',
      n: 5000,
      means: Float64Array.from([50]),
      covariance: Float64Array.from([16]),
    };
    const r = indexUncertainty(
      { weights: [1], cities: [{ city: 'big', scores: [50], sample }] },
      { draws: 2000, seed: 1 },
    );
    expect(r.cities[0]!.indexLow!).toBeGreaterThan(41.2);
    expect(r.cities[0]!.indexLow!).toBeLessThan(43.2);
    expect(r.cities[0]!.indexHigh!).toBeGreaterThan(56.8);
    expect(r.cities[0]!.indexHigh!).toBeLessThan(58.8);
  });

  it('offers the geometric mean as a sensitivity view', () => {
    // √(25 · 100) = 50 (arithmetic 62.5); a zero dimension makes it 0
    expect(geometricIndex([25, 100], [1, 1])).toBeCloseTo(50, 12);
    expect(geometricIndex([0, 100], [1, 1])).toBe(0);
    const r = indexUncertainty(
      {
        weights: [1, 1],
        cities: [
          {
            city: 'x',
            scores: [25, 100],
            sample: rows('x', [
              [25, 100],
              [25, 100],
            ]),
          },
        ],
      },
      { aggregation: 'geometric', draws: 50 },
    );
    expect(r.cities[0]!.index).toBeCloseTo(50, 12);
  });
});

describe('cholesky', () => {
  it('factors a covariance: [[4, 2], [2, 5]] = L·Lᵀ with L = [[2, 0], [1, 2]]', () => {
    expect([...cholesky([4, 2, 2, 5], 2)]).toEqual([2, 0, 1, 2]);
  });
  it('leaves a direction without spread at 0', () => {
    expect([...cholesky([0, 0, 0, 9], 2)]).toEqual([0, 0, 0, 3]);
  });
});

describe('BootstrapSampler', () => {
  const instrument = tinyInstrument();
  const scorer = compileScorer(instrument);
  // a-scores: [5,3,2,…] → 65, [3,5,4,…] → 75, [5,5,1,…] → 100; b: 75, 100, 100
  const answers = [
    [5, 3, 2, 4, null],
    [3, 5, 4, 5, 5],
    [5, 5, 1, 5, 5],
  ];
  it('keeps a small city as rows of dimension scores', () => {
    const s = new BootstrapSampler(instrument, scorer);
    answers.forEach((a) => s.add({ city: 'x', answers: a }));
    const x = s.samples()[0]!;
    expect(x.kind).toBe('rows');
    expect(x.kind === 'rows' && [...x.scores]).toEqual([65, 75, 75, 100, 100, 100]);
  });

  it('folds a large city into the covariance of its means: Σ w²(x_d − m_d)(x_e − m_e) / (W_d·W_e)', () => {
    const s = new BootstrapSampler(instrument, scorer, 2);
    answers.forEach((a) => s.add({ city: 'x', answers: a }));
    const x = s.samples()[0]!;
    if (x.kind !== 'normal') throw new Error('expected the normal form');
    // a: mean 80, deviations −15, −5, 20; b: mean 91.667, deviations −16.667, 8.333, 8.333
    // var a = (225 + 25 + 400)/9 = 72.222; var b = (277.78 + 69.44 + 69.44)/9 = 46.296
    // cov = (250 − 41.667 + 166.667)/9 = 41.667
    expect(x.means[0]).toBeCloseTo(80, 10);
    expect(x.means[1]).toBeCloseTo(91.66667, 4);
    expect(x.covariance[0]).toBeCloseTo(650 / 9, 8);
    expect(x.covariance[3]).toBeCloseTo(416.6667 / 9, 3);
    expect(x.covariance[1]).toBeCloseTo(375 / 9, 8);
    expect(x.covariance[2]).toBeCloseTo(375 / 9, 8);
  });
});
