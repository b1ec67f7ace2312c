import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclosureControl, kishN, tooSmall, type CellCount } from '../../src/domain/disclosure-control.js';

/** Unit-weight counts of one cell. */
const c = (n: number): CellCount => ({ n, sumW: n, sumW2: n });
/** One-cell groups. */
const parts = (...ns: number[]) => ns.map((n) => [c(n)]);
const hiddenOf = (total: number, ns: number[], min = 3) =>
  disclosureControl({ minRespondents: min, total: [c(total)], partitions: [parts(...ns)] }).partitions[0]!.map(
    (p) => p[0],
  );

describe('disclosureControl (minRespondents 3)', () => {
  it('hides a part below the threshold and then the smallest other part, so total − visible parts is never the small one', () => {
    // Porto: it 10, legal 10, policy 1. Policy hidden (1 < 3); one part hidden → next smallest (a 10) hidden too.
    expect(hiddenOf(21, [10, 10, 1])).toEqual([true, false, true]);
  });

  it('hides the smallest visible part when the unpublished remainder (blank segment values) is 1 or 2', () => {
    // 12 respondents, parts 6 and 4 (2 left the column blank): remainder 2 → the 4 is hidden; then exactly
    // one part is hidden → the 6 as well. Remainder 6 (parts 3 and 3, 6 blank) is safe.
    expect(hiddenOf(12, [6, 4])).toEqual([true, true]);
    expect(hiddenOf(12, [3, 3])).toEqual([false, false]);
    expect(hiddenOf(12, [6, 6])).toEqual([false, false]);
  });

  it('hides nothing more when two hidden parts together are at least the threshold', () => {
    // policy 1 + finance 2 hidden: their union (3) may be derived, but no group below 3.
    expect(hiddenOf(23, [10, 10, 1, 2])).toEqual([false, false, true, true]);
  });

  it('keeps hiding while two small parts together stay below the threshold', () => {
    // 1 + 1 = 2 < 3 → the smallest visible part (5) is hidden; remainder 7 is safe.
    expect(hiddenOf(17, [10, 5, 1, 1])).toEqual([false, true, true, true]);
  });

  it('hides every part when no safe split is left', () => {
    expect(hiddenOf(5, [4, 1])).toEqual([true, true]);
  });

  it('follows links within a group, and the rule then runs on the linked cell', () => {
    // Cells: 0 = a dimension, 1 = the index. Part A's dimension is below 3 → its index too; then B's index
    // must go as well, else A's index = total index − B's.
    const r = disclosureControl({
      minRespondents: 3,
      total: [c(8), c(8)],
      partitions: [
        [
          [c(2), c(5)],
          [c(6), c(6)],
        ],
      ],
      links: [[0, 1]],
    });
    expect(r.partitions[0]).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it("uses Kish's effective n: one respondent of weight 1000 among three is a group of about 1", () => {
    const heavy = { n: 3, sumW: 1002, sumW2: 1000 * 1000 + 2 };
    // (1002)² / 1000002 = 1.004
    expect(kishN(heavy)).toBeCloseTo(1.004, 3);
    expect(tooSmall(heavy, 3)).toBe(true);
    expect(disclosureControl({ minRespondents: 3, total: [heavy], partitions: [] }).total).toEqual([true]);
  });

  it('judges a weighted remainder by its effective n', () => {
    // 20 unit-weight respondents in the one part, 3 blanks weighing 5, 1, 1: the remainder has n 3 but
    // n_eff = 7² / 27 = 1.81 < 3, so the part is hidden. The total: 27² / 47 = 15.5, published.
    const total = { n: 23, sumW: 27, sumW2: 47 };
    expect(disclosureControl({ minRespondents: 3, total: [total], partitions: [[[c(20)]]] }).partitions[0]).toEqual([
      [true],
    ]);
    // The same blanks at unit weight (n_eff 3): the part stays.
    expect(hiddenOf(23, [20])).toEqual([false]);
  });

  it('leaves an empty cell unhidden (nothing to solve for) and treats forced cells as hidden', () => {
    const r = disclosureControl({ minRespondents: 3, total: [c(0), c(6)], partitions: [], forcedTotal: [false, true] });
    expect(r.total).toEqual([false, true]);
  });
});

describe('disclosureControl: properties over random cities', () => {
  it('leaves no remainder of 1 to min − 1 and never exactly one hidden part, whatever the parts and blanks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 4 }),
        fc.integer({ min: 2, max: 5 }),
        (ns, blanks, min) => {
          const total = ns.reduce((s, n) => s + n, 0) + blanks;
          const hidden = hiddenOf(total, ns, min);
          if (total < min) return true; // the whole city is suppressed: nothing to subtract from
          const shown = ns.reduce((s, n, i) => s + (hidden[i] ? 0 : n), 0);
          const rest = total - shown;
          const hiddenParts = ns.filter((n, i) => n > 0 && hidden[i]).length;
          const anyShown = ns.some((n, i) => n > 0 && !hidden[i]);
          // A part below min is always hidden; with any part shown, the remainder is safe and never one lone part.
          return (
            ns.every((n, i) => n === 0 || n >= min || hidden[i]) &&
            (!anyShown || ((rest === 0 || rest >= min) && hiddenParts !== 1))
          );
        },
      ),
      { numRuns: 2000, seed: 16 },
    );
  });
});
