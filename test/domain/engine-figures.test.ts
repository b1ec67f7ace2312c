import { describe, expect, it } from 'vitest';
import { scoreCities } from '../../src/domain/city-scores.js';
import { commonGaps } from '../../src/domain/common-gaps.js';
import { cityGaps } from '../../src/domain/gaps.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { cronbachAlpha, itemMomentsOf, waveReliability } from '../../src/domain/reliability.js';
import { cityTrend } from '../../src/domain/trend.js';
import { welchTest } from '../../src/domain/welch-test.js';
import { momentsOf } from '../../src/domain/moments.js';
import { tinyInstrument } from '../support/fixtures.js';

describe('hierarchical instruments of any depth', () => {
  // root → d (w1) → m (w3) → leaf1 (w1: Q1), leaf2 (w1: Q2 binary)
  //               → n (w1: Q3 goalposts 0..50)
  const deep = parseInstrument({
    id: 'deep',
    version: '1',
    name: { en: 'Deep' },
    minRespondents: 1,
    dimensions: [
      {
        key: 'd',
        label: { en: 'D' },
        children: [
          {
            key: 'm',
            label: { en: 'M' },
            weight: 3,
            children: [
              {
                key: 'leaf1',
                label: { en: 'L1' },
                children: [{ key: 'leaf1a', label: { en: 'L1a' }, questions: [{ code: 'Q1', text: { en: 'q1' } }] }],
              },
              {
                key: 'leaf2',
                label: { en: 'L2' },
                questions: [{ code: 'Q2', text: { en: 'q2' }, scale: { type: 'binary' } }],
              },
            ],
          },
          {
            key: 'n',
            label: { en: 'N' },
            weight: 1,
            questions: [{ code: 'Q3', text: { en: 'q3' }, scale: { type: 'goalposts', min: 0, max: 50 } }],
          },
        ],
      },
      { key: 'e', label: { en: 'E' }, questions: [{ code: 'Q4', text: { en: 'q4' } }] },
    ],
  });
  const scorer = compileScorer(deep);
  const at = (out: Float64Array, key: string) => out[scorer.slotOf.get(key)!]!;

  it('scores four levels bottom up with weights at every level', () => {
    // Q1 = 4 → 75; Q2 yes → 100; m = (75 + 100)/2 = 87.5; Q3 = 60 → 120 (not clamped)
    // d = (3 · 87.5 + 1 · 120) / 4 = 95.625
    const out = scorer.score([4, 1, 60, 3]);
    expect(at(out, 'leaf1a')).toBe(75);
    expect(at(out, 'leaf1')).toBe(75);
    expect(at(out, 'm')).toBe(87.5);
    expect(at(out, 'n')).toBeCloseTo(120, 10);
    expect(at(out, 'd')).toBeCloseTo(95.625, 10);
  });

  it('renormalises over present children at each level', () => {
    // Q1 missing → leaf1a, leaf1 missing; m = leaf2 alone (1 of 2 = minCoverage) = 0 (binary no)
    // d = (3 · 0 + 1 · 20) / 4 = 5  (Q3 = 10 → 20)
    const out = scorer.score([null, 0, 10, 3]);
    expect(Number.isNaN(at(out, 'leaf1'))).toBe(true);
    expect(at(out, 'm')).toBe(0);
    expect(at(out, 'd')).toBeCloseTo(5, 10);
  });

  it('gives city figures for every node, nested as children', () => {
    const { cities } = scoreCities(deep, [
      { city: 'c', answers: [4, 1, 60, 3] },
      { city: 'c', answers: [2, 0, 10, 5] },
    ]);
    const d = cities[0]!.dimensions[0]!;
    // respondent 2: leaf1 25, leaf2 0 → m 12.5; n 20 → d = (37.5 + 20)/4 = 14.375; mean (95.625 + 14.375)/2 = 55
    expect(d.score).toBeCloseTo(55, 10);
    expect(d.children!.map((c) => c.key)).toEqual(['m', 'n']);
    expect(d.children![0]!.children!.map((c) => c.key)).toEqual(['leaf1', 'leaf2']);
    expect(d.children![0]!.children![0]!.children![0]!.score).toBe(50); // (75 + 25) / 2
  });
});

describe('respondent weights', () => {
  it('weight the mean, sd and interval (reliability weights, Kish n_eff)', () => {
    const instrument = tinyInstrument({ minRespondents: 1 });
    // b-scores: r1 = (B1 5, B2 5) 100 with w 3; r2 = (1, 1) 0 with w 1
    // mean = (3·100 + 1·0)/4 = 75; var = (ΣwX² − (ΣwX)²/Σw)/(Σw − Σw²/Σw)
    //   = (30000 − 90000/4)/(4 − 10/4) = 7500/1.5 = 5000 → sd 70.71; n_eff = 16/10 = 1.6
    const { cities } = scoreCities(instrument, [
      { city: 'w', weight: 3, answers: [3, 3, 3, 5, 5] },
      { city: 'w', weight: 1, answers: [3, 3, 3, 1, 1] },
    ]);
    const b = cities[0]!.dimensions[1]!;
    expect(b.score).toBe(75);
    expect(b.sd).toBeCloseTo(Math.sqrt(5000), 8);
    expect(b.se).toBeCloseTo(Math.sqrt(5000) / Math.sqrt(1.6), 8);
    expect(b.n).toBe(2);
  });
});

describe('trend against the previous wave (DESIGN §8)', () => {
  const instrument = tinyInstrument();
  const before = scoreCities(instrument, [
    { city: 'g', answers: [3, 3, 3, 3, 3] }, // a 50, b 50
    { city: 'g', answers: [3, 3, 3, 2, 2] }, // a 50, b 25
    { city: 'tiny', answers: [3, 3, 3, 3, 3] },
  ]);
  const now = scoreCities(instrument, [
    { city: 'g', answers: [5, 5, 1, 5, 5] }, // a 100, b 100
    { city: 'g', answers: [4, 4, 2, 4, 4] }, // a 75, b 75
    { city: 'tiny', answers: [5, 5, 5, 5, 5] },
    { city: 'tiny', answers: [5, 5, 5, 5, 5] },
  ]);
  const scored = (s: typeof now, id: string) => ({
    score: s.cities.find((c) => c.city === id)!,
    moments: s.moments.get(id)!,
  });

  it('gives delta and a Welch test per dimension and the index delta', () => {
    const t = cityTrend(instrument, now.scorer, scored(now, 'g'), scored(before, 'g'), 2025);
    // a: 87.5 now vs 50 before → +37.5; b: 87.5 vs 37.5 → +50; index 87.5 vs 43.75 → +43.75
    expect(t.previousWave).toBe(2025);
    expect(t.dimensions[0]).toMatchObject({ key: 'a', previous: 50, delta: 37.5 });
    expect(t.dimensions[1]).toMatchObject({ previous: 37.5, delta: 50 });
    expect(t.index).toEqual({ previous: 43.75, delta: 43.75 });
    // a: [100, 75] vs [50, 50]: the previous side has no variance; t = 37.5 / √(312.5/2) = 3, df = 1
    const expected = welchTest(momentsOf([100, 75]), momentsOf([50, 50]))!;
    expect(expected.t).toBeCloseTo(3, 10);
    expect(t.dimensions[0]!.pValue).toBeCloseTo(expected.pValue, 12);
    expect(t.dimensions[0]!.testable).toBe(true);
    expect(t.dimensions[0]!.significant).toBe(expected.pValue < 0.05);
  });

  it('publishes no delta when the previous figure was suppressed, nor without a previous wave', () => {
    const t = cityTrend(instrument, now.scorer, scored(now, 'tiny'), scored(before, 'tiny'), 2025);
    expect(t.dimensions[0]).toMatchObject({ previous: null, delta: null, testable: false, pValue: null });
    const none = cityTrend(instrument, now.scorer, scored(now, 'g'), undefined, null);
    expect(none.previousWave).toBeNull();
    expect(none.index.delta).toBeNull();
  });
});

describe("Cronbach's alpha per dimension over a wave (DESIGN §9)", () => {
  const instrument = tinyInstrument();
  // a = A1, A2, A3 (reverse): item scores are 0–100 and reverse-turned before alpha.
  const respondents = [
    { city: 'x', answers: [4, 5, 2, 1, 1] }, // A3 raw 2 → reversed 4
    { city: 'x', answers: [3, 3, 4, 1, 1] }, // A3 → 2
    { city: 'y', answers: [5, 5, 1, 1, 1] }, // A3 → 5
    { city: 'y', answers: [2, 3, 3, 1, 1] }, // A3 → 3
    { city: 'y', answers: [4, 4, 3, 1, null] }, // A3 → 3; b incomplete: not a complete case for b
    { city: 'y', answers: [4, null, 3, 1, 1] }, // a incomplete: left out of a's alpha
    { city: 'small', answers: [1, 5, 5, 5, 1] }, // one respondent: below minRespondents 2
  ];
  const { reliability, moments } = scoreCities(instrument, respondents);
  const alpha = waveReliability(instrument, reliability, moments.values());

  it('uses complete cases of the cities whose figures are published, reverse items turned', () => {
    // a's complete cases: x1, x2, y1, y2, y3 as (A1, A2, reversed A3) = the 5×3 table of the
    // cross-check test ([4,5,4],[3,3,2],[5,5,5],[2,3,3],[4,4,3]) → α = 0.931579
    expect(alpha[0]).toMatchObject({ key: 'a', items: 3, n: 5, suppressed: false });
    expect(alpha[0]!.alpha).toBeCloseTo(0.931579, 6);
    expect(alpha[0]!.alpha).toBeCloseTo(
      cronbachAlpha(
        itemMomentsOf([
          [4, 5, 4],
          [3, 3, 2],
          [5, 5, 5],
          [2, 3, 3],
          [4, 4, 3],
        ]),
      )!,
      10,
    );
  });

  it('is null (not a number) when the items have no variance', () => {
    // b: every complete case answered (1, 1): no variance → alpha undefined
    expect(alpha[1]).toMatchObject({ key: 'b', n: 5, alpha: null, suppressed: false });
  });

  it('suppresses alpha over fewer than minRespondents complete cases', () => {
    const few = scoreCities(instrument, [respondents[0]!, { city: 'x', answers: [1, null, 1, 1, 1] }]);
    expect(waveReliability(instrument, few.reliability, few.moments.values())[0]).toMatchObject({
      n: 1,
      alpha: null,
      suppressed: true,
    });
  });
});

describe('suppression, including by subtraction (DESIGN §10)', () => {
  const instrument = tinyInstrument(); // minRespondents 2
  const scored = scoreCities(instrument, [
    { city: 'f', answers: [5, 3, 2, 4, null] },
    { city: 'f', answers: [3, 5, 4, 5, 5] },
    { city: 'p', answers: [3, 3, 3, 3, 3] },
    { city: 'p', answers: [3, 3, 3, 3, 3] },
    { city: 's', answers: [1, 1, 5, 1, 1] }, // suppressed
    { city: 'h', answers: [5, 5, 1, null, null] }, // b answered by nobody
    { city: 'h', answers: [5, 5, 1, 5, null] }, // b by one respondent: b suppressed, a published
  ]);
  const byId = (id: string) => scored.cities.find((c) => c.city === id)!;

  it('publishes an index only when every dimension is, so the index cannot reveal a suppressed one', () => {
    const h = byId('h');
    expect(h.dimensions[1]).toMatchObject({ score: null, n: null, suppressed: true });
    // a alone would be 100, and the index of both (100 + b)/2 would give b away: no index.
    expect(h.index).toEqual({ score: null, level: null, suppressed: true });
  });

  it('leaves suppressed cities out of peer means, leaders, pooled tests, ranks and common gaps', () => {
    const gaps = cityGaps({ instrument, ...scored, focus: 'f', peers: ['p', 's'] });
    // peer mean of a over published peers only: p = 50 (s would pull it to (50 + 0)/2 = 25)
    expect(gaps[0]!.peerMean).toBe(50);
    expect(gaps[0]!.leader).toBe('p');
    // a ranks among f 70, p 50, h 100 → 2nd, percentile 100·1/2 = 50
    expect(gaps[0]!.rank).toBe(2);
    expect(gaps[0]!.percentile).toBe(50);
    const common = commonGaps(instrument, scored.cities);
    // a: cities f 70, p 50, h 100 → mean max(0, 80 − s) = (10 + 30 + 0)/3
    expect(common.find((g) => g.key === 'a')).toMatchObject({ meanGapToTarget: 40 / 3, cities: 3 });
  });

  it('leaves suppressed cities out of the wave alpha pool', () => {
    const alpha = waveReliability(instrument, scored.reliability, scored.moments.values());
    // a's complete cases: f (2), p (2), h (2) = 6; s is left out
    expect(alpha[0]!.n).toBe(6);
  });
});
