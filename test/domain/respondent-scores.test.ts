import { describe, expect, it } from 'vitest';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { tinyInstrument } from '../support/fixtures.js';

// Tiny instrument: a = A1 (w1), A2 (w3), A3 (reverse, w1); b = B1, B2; minCoverage 0.5.
const scorer = compileScorer(tinyInstrument());
const score = (answers: (number | null)[]) => {
  const out = scorer.score(answers);
  return { a: out[scorer.slotOf.get('a')!], b: out[scorer.slotOf.get('b')!] };
};

describe('respondent node scores', () => {
  it('takes the weighted mean of the answered questions', () => {
    // A1 = 100, A2 = 50, A3 = 100 − 25 = 75 → (1·100 + 3·50 + 1·75) / 5 = 65
    // B1 = 75, B2 missing: 1 of 2 present (= minCoverage) → 75
    expect(score([5, 3, 2, 4, null])).toEqual({ a: 65, b: 75 });
  });

  it('renormalises weights over what is present', () => {
    // A2 missing: (1·100 + 1·75) / (1 + 1) = 87.5 (2 of 3 present ≥ 0.5)
    expect(score([5, null, 2, 4, 4]).a).toBe(87.5);
  });

  it('drops a node whose coverage is below minCoverage', () => {
    // a: only A1 present, 1/3 < 0.5 → missing; b: (25 + 50) / 2 = 37.5
    const s = score([1, null, null, 2, 3]);
    expect(Number.isNaN(s.a)).toBe(true);
    expect(s.b).toBe(37.5);
  });

  it('scores nested nodes bottom up with weights at every level', () => {
    const instrument = tinyInstrument({
      dimensions: [
        {
          key: 'top',
          label: { en: 'Top' },
          children: [
            { key: 'x', label: { en: 'X' }, weight: 3, questions: [{ code: 'X1', text: { en: 'x1' } }] },
            { key: 'y', label: { en: 'Y' }, weight: 1, questions: [{ code: 'Y1', text: { en: 'y1' } }] },
          ],
        },
      ],
    });
    const nested = compileScorer(instrument);
    const out = nested.score([5, 1]);
    // x = 100, y = 0 → top = (3·100 + 1·0) / 4 = 75
    expect(out[nested.slotOf.get('top')!]).toBe(75);
    // y missing → top = x alone (1 of 2 children present) = 100
    expect(nested.score([5, null])[nested.slotOf.get('top')!]).toBe(100);
  });
});
