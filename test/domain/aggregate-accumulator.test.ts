import { describe, expect, it } from 'vitest';
import {
  addPackedQuestionMoments,
  AggregateAccumulator,
  FIELDS,
  RESPONDENTS_NODE,
} from '../../src/domain/aggregate-accumulator.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { itemScore } from '../../src/domain/item-score.js';
import { compileReliability } from '../../src/domain/reliability.js';
import { seededRandom } from '../../src/domain/seeded-random.js';
import { benchInstrumentJson } from '../../scripts/bench/bench-data.js';

const instrument = parseInstrument(JSON.parse(benchInstrumentJson()));

describe('AggregateAccumulator', () => {
  it('gives each question n, Σx and Σx² over every answer, past the 255 rows a count byte holds', () => {
    const random = seededRandom(4);
    const rows = Array.from({ length: 1000 }, () =>
      // Mostly one answer, so its count passes 255 between two folds.
      instrument.questions.map(() => (random() < 0.05 ? null : random() < 0.9 ? 4 : 1 + Math.floor(random() * 5))),
    );
    const acc = new AggregateAccumulator(instrument);
    for (const answers of rows) acc.add(7, null, null, answers);
    const [city] = [...acc.rows(1, 1)];
    expect(city!.nodes.find((r) => r.node_key === RESPONDENTS_NODE)!.n).toBe(1000);
    const moments = new Float64Array(instrument.questions.length * FIELDS);
    addPackedQuestionMoments(moments, city!.questions[0]!.moments);
    instrument.questions.forEach((question, q) => {
      const scores = rows.map((a) => a[q]).flatMap((v) => (v === null ? [] : [itemScore(v!, question)]));
      const o = q * FIELDS;
      expect(moments[o]).toBe(scores.length); // n
      expect(moments[o + 1]).toBe(scores.length); // Σw, weight 1 each
      expect(moments[o + 3]).toBeCloseTo(
        scores.reduce((s, x) => s + x, 0),
        9,
      );
      expect(moments[o + 4]).toBeCloseTo(
        scores.reduce((s, x) => s + x * x, 0),
        6,
      );
    });
  });
});

describe('ReliabilityPlan packed statistics', () => {
  it('are the same sums as one ItemMoments per dimension, bit for bit, complete cases only', () => {
    const plan = compileReliability(instrument);
    const random = seededRandom(9);
    const moments = plan.empty();
    const packed = plan.emptyPacked();
    for (let r = 0; r < 500; r++) {
      const answers = instrument.questions.map(() =>
        random() < 0.08 ? null : random() < 0.1 ? 1 + 4 * random() : 1 + Math.floor(random() * 5),
      );
      plan.add(moments, answers);
      plan.addPacked(packed, answers);
    }
    const unpacked = plan.unpack(packed);
    expect(unpacked).toEqual(moments);
    // Some dimensions lost respondents to a missing answer: only complete cases count.
    expect(unpacked.some((m) => m.n < 500 && m.n > 0)).toBe(true);
  });
});
