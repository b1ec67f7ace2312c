import { describe, expect, it } from 'vitest';
import { accumulateCityMoments, cityScore } from '../../src/domain/city-scores.js';
import { mean, momentsOf, variance } from '../../src/domain/moments.js';
import { nextLevelOf, priorityOrder } from '../../src/domain/next-steps.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { findDimension, parseTargetValue, targetProgress } from '../../src/domain/target-dimension.js';
import { parseRaise, raiseMoments } from '../../src/domain/what-if.js';
import { defaultInstrument, tinyInstrument } from '../support/fixtures.js';

const step = (stage: string, layer: string, en: string) => ({ stage, layer, text: { en, nl: `nl: ${en}` } });
const withCatalogue = (catalogue: unknown) => tinyInstrument({ catalogue });

describe('the instrument catalogue of next steps', () => {
  it('gives the next level, the points to it and its steps in the support model order', () => {
    const instrument = withCatalogue({
      a: [{ level: 2, steps: [step('invest', 'business', 'fund it'), step('inspire', 'personal', 'show it')] }],
    });
    // score 28.3 at level 2 (20–40): level 3 starts at 40, so 40 − 28.3 = 11.7 to go
    const next = nextLevelOf(instrument, 'a', 28.3, 2, 'nl');
    expect(next.nextLevel).toBe(3);
    expect(next.pointsToNextLevel).toBeCloseTo(11.7, 10);
    expect(next.nextSteps).toEqual([
      { stage: 'inspire', layer: 'personal', text: 'nl: show it' },
      { stage: 'invest', layer: 'business', text: 'nl: fund it' },
    ]);
    expect(nextLevelOf(instrument, 'b', 30, 2, 'en').nextSteps).toEqual([]);
    expect(nextLevelOf(instrument, 'a', 85, 5, 'en')).toEqual({
      nextLevel: null,
      pointsToNextLevel: null,
      nextSteps: [],
    });
    expect(nextLevelOf(instrument, 'a', null, null, 'en').nextLevel).toBeNull();
  });

  it('keeps instruments without a catalogue working', () => {
    const instrument = tinyInstrument();
    expect(instrument.catalogue).toBeUndefined();
    expect(nextLevelOf(instrument, 'a', 50, 3, 'en')).toEqual({ nextLevel: 4, pointsToNextLevel: 10, nextSteps: [] });
  });

  it('refuses a catalogue naming an unknown dimension, level, stage or layer, with the path of each', () => {
    expect(() =>
      withCatalogue({
        zz: [{ level: 1, steps: [step('inspire', 'team', 'x')] }],
        a: [
          { level: 9, steps: [step('inspire', 'team', 'x')] },
          { level: 1, steps: [step('inspire', 'team', 'x')] },
          { level: 1, steps: [step('inspire', 'team', 'x')] },
        ],
      }),
    ).toThrow(
      /catalogue\.zz: no dimension has this key.*catalogue\.a\[0\]\.level: 9 is not one of the instrument's levels.*catalogue\.a\[2\]\.level: level 1 is listed twice/,
    );
    expect(() => withCatalogue({ a: [{ level: 1, steps: [step('dream', 'team', 'x')] }] })).toThrow(
      /catalogue\.a\[0\]\.steps\[0\]\.stage/,
    );
    expect(() => withCatalogue({ a: [{ level: 1, steps: [step('inspire', 'city', 'x')] }] })).toThrow(
      /catalogue\.a\[0\]\.steps\[0\]\.layer/,
    );
  });

  it('ships a catalogue in English and Dutch for every dimension and every level below the top in the default instrument', () => {
    const instrument = defaultInstrument();
    for (const d of instrument.dimensions) {
      for (const level of [1, 2, 3, 4]) {
        const steps = instrument.catalogue!.get(d.key)!.get(level)!;
        expect(steps.length, `${d.key} level ${level}`).toBeGreaterThanOrEqual(2);
        for (const s of steps) expect(Object.keys(s.text).sort()).toEqual(['en', 'nl']);
      }
    }
  });
});

describe('priorityOrder', () => {
  it('puts clear gaps behind first (largest first), then the nearest next level, and leaves suppressed out', () => {
    expect(
      priorityOrder([
        { key: 'near', gap: 20, significant: false, pointsToNextLevel: 2, suppressed: false },
        { key: 'clear-small', gap: 8, significant: true, pointsToNextLevel: 15, suppressed: false },
        { key: 'clear-big', gap: 19, significant: true, pointsToNextLevel: 14, suppressed: false },
        { key: 'ahead', gap: -9, significant: true, pointsToNextLevel: 5, suppressed: false },
        { key: 'top', gap: null, significant: null, pointsToNextLevel: null, suppressed: false },
        { key: 'hidden', gap: null, significant: null, pointsToNextLevel: null, suppressed: true },
      ]),
    ).toEqual(['clear-big', 'clear-small', 'near', 'ahead', 'top']);
  });
});

describe('targets', () => {
  it('finds a dimension by key, start of key or label, and says which when ambiguous', () => {
    const instrument = defaultInstrument();
    expect(findDimension(instrument, 'SOV').key).toBe('sovereignty');
    expect(findDimension(instrument, 'Interoperability').key).toBe('interoperability');
    expect(() => findDimension(instrument, 'i')).toThrow(/could be impact or interoperability or infrastructure/);
    expect(() => findDimension(instrument, 'xyz')).toThrow(/No dimension "xyz".*use one of sovereignty/);
  });

  it('reads target values 0–100 with a decimal point or comma', () => {
    expect(parseTargetValue('72,5')).toBe(72.5);
    expect(parseTargetValue(0)).toBe(0);
    for (const bad of ['', 'x', '100.1', '-1'])
      expect(() => parseTargetValue(bad)).toThrow(/not a score from 0 to 100/);
  });

  it('measures progress per wave: target − score, reached when the score is at least the target', () => {
    const scores = new Map([
      [2025, new Map([['a', 55]])],
      [2026, new Map([['a', 72]])],
    ]);
    expect(
      targetProgress(
        [
          { wave: 2025, dimension: 'a', value: 60 },
          { wave: 2026, dimension: 'a', value: 70 },
          { wave: 2027, dimension: 'a', value: 80 },
        ],
        scores,
      ),
    ).toEqual([
      { wave: 2025, dimension: 'a', target: 60, score: 55, toGo: 5, reached: false },
      { wave: 2026, dimension: 'a', target: 70, score: 72, toGo: -2, reached: true },
      { wave: 2027, dimension: 'a', target: 80, score: null, toGo: null, reached: null },
    ]);
  });
});

describe('what-if: raiseMoments', () => {
  const instrument = tinyInstrument();
  const scorer = compileScorer(instrument);
  // b = mean(B1, B2) item scores; answers (1..5) → 0, 25, 50, 75, 100.
  // Respondents' b: (2,2) → 25, (3,3) → 50, (4,4) → 75: mean 50, sd 25.
  const answers = [
    [3, 3, 3, 2, 2],
    [3, 3, 3, 3, 3],
    [3, 3, 3, 4, 4],
  ].map((a) => new Float64Array(a));
  const moments = accumulateCityMoments(
    scorer,
    answers.map((a) => ({ city: 'x', answers: a })),
  );
  const city = moments.get('x')!;

  it('shifts every respondent by the same δ: the mean reaches the target, the spread stays', () => {
    const raised = raiseMoments(instrument, scorer, city, new Map([['b', 70]]));
    const slot = scorer.slotOf.get('b')!;
    const expected = momentsOf([45, 70, 95]); // 25, 50, 75 each + 20
    expect(mean(raised.nodes[slot]!)).toBeCloseTo(70, 10);
    expect(variance(raised.nodes[slot]!)).toBeCloseTo(variance(expected), 10); // 625
    expect(variance(raised.nodes[slot]!)).toBeCloseTo(625, 10);
    // the index is the mean of a (50) and b: (50 + 70) / 2 = 60 instead of 50
    expect(cityScore(instrument, scorer, raised).index.score).toBeCloseTo(60, 10);
    expect(cityScore(instrument, scorer, city).index.score).toBeCloseTo(50, 10);
  });

  it('never lowers a score', () => {
    const raised = raiseMoments(instrument, scorer, city, new Map([['b', 30]]));
    expect(raised.nodes).toEqual(city.nodes);
  });

  it('reads raise=SOV:70,impact:55', () => {
    expect([...parseRaise(defaultInstrument(), 'SOV:70, impact:55,5')]).toEqual([
      ['sovereignty', 70],
      ['impact', 55.5],
    ]);
    expect(() => parseRaise(defaultInstrument(), 'SOV')).toThrow(/is not dimension:score/);
  });
});
