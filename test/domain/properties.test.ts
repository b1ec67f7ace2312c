import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreCities } from '../../src/domain/city-scores.js';
import { cityGaps } from '../../src/domain/gaps.js';
import { itemScore, itemScoreLine } from '../../src/domain/item-score.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { tinyInstrument } from '../support/fixtures.js';

const instrument = tinyInstrument();
const answer = fc.option(fc.integer({ min: 1, max: 5 }), { nil: null, freq: 4 });
const answers = fc.array(answer, { minLength: 5, maxLength: 5 });

describe('invariants (fast-check)', () => {
  it('likert node scores stay within 0–100', () => {
    const scorer = compileScorer(instrument);
    fc.assert(
      fc.property(answers, (a) => {
        for (const s of scorer.score(a)) if (!Number.isNaN(s)) expect(s >= 0 && s <= 100).toBe(true);
      }),
    );
  });

  it('the line form of the item score equals the formula, reverse included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.boolean(),
        (min, span, v, reverse) => {
          const q = { scale: { type: 'goalposts' as const, min, max: min + span }, reverse };
          const { offset, slope } = itemScoreLine(q);
          expect(offset + slope * v).toBeCloseTo(itemScore(v, q), 8);
        },
      ),
    );
  });

  it('renormalised weights sum to 1: a node of equal item scores scores exactly that value', () => {
    // If the weights over the present items did not sum to 1, the weighted mean of equal values
    // x would be c·x with c ≠ 1. Every present subset of a (weights 1, 3, 1) must give x back.
    const scorer = compileScorer(instrument);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        (v, present) => {
          // A3 is reverse-coded: answer 6 − v to give it the same item score as A1 and A2.
          const a = [present[0] ? v : null, present[1] ? v : null, present[2] ? 6 - v : null, null, null];
          const out = scorer.score(a)[scorer.slotOf.get('a')!]!;
          const count = present.filter(Boolean).length;
          if (count / 3 < instrument.minCoverage) expect(Number.isNaN(out)).toBe(true);
          else expect(out).toBeCloseTo(25 * (v - 1), 10);
        },
      ),
    );
  });

  it('a city identical to its peers has zero gap to peers and leader, and p = 1', () => {
    fc.assert(
      fc.property(
        fc.array(answers, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (rows, peerCount) => {
          const cities = ['focus', ...Array.from({ length: peerCount }, (_, i) => `peer${i}`)];
          const scored = scoreCities(
            instrument,
            cities.flatMap((city) => rows.map((a) => ({ city, answers: a }))),
          );
          const gaps = cityGaps({ instrument, ...scored, focus: 'focus', peers: cities.slice(1) });
          for (const g of gaps) {
            if (g.score === null) continue;
            expect(g.gapToPeers).toBeCloseTo(0, 9);
            expect(g.gapToLeader).toBeCloseTo(0, 9);
            expect(g.rank).toBe(1); // ties share the lowest number
            if (g.testable) expect(g.pValue).toBeCloseTo(1, 6); // jStat's t CDF is accurate to ~1e-8
          }
        },
      ),
    );
  });
});
