/**
 * The counts behind one published figure (a cell): respondents and their
 * weights. With unit weights `sumW = sumW2 = n`.
 */
export interface CellCount {
  readonly n: number;
  readonly sumW: number;
  readonly sumW2: number;
}

export interface DisclosureInput {
  readonly minRespondents: number;
  /** The whole city: one count per cell (cells in a fixed order, the same in every group). */
  readonly total: readonly CellCount[];
  /** Per segment column, per value of it (the parts of the city), one count per cell. */
  readonly partitions: readonly (readonly (readonly CellCount[])[])[];
  /** `[a, b]`: wherever cell a is hidden, cell b is hidden too (e.g. a dimension and the index). */
  readonly links?: readonly (readonly [number, number])[];
  /** Cells hidden before the rule runs, per group: `forcedTotal[c]`, `forcedParts[column][part][c]`. */
  readonly forcedTotal?: readonly boolean[];
  readonly forcedParts?: readonly (readonly (readonly boolean[])[])[];
}

export interface DisclosureResult {
  /** Hidden cells of the whole city. */
  readonly total: boolean[];
  /** Hidden cells per column, part and cell. */
  readonly partitions: boolean[][][];
}

/** Kish's effective sample size `(Σw)² / Σw²`; n with unit weights, 0 for an empty cell. */
export function kishN(c: CellCount): number {
  return c.sumW2 > 0 ? (c.sumW * c.sumW) / c.sumW2 : 0;
}

/** A group too small to publish: fewer than `min` respondents, or an effective n below `min`. */
export function tooSmall(c: CellCount, min: number): boolean {
  return c.n < min || kishN(c) < min * (1 - 1e-12);
}

/**
 * Which figures of a city may be published so that no group of fewer than
 * `minRespondents` (or of an effective n below it) can be recovered by
 * subtraction from what is shown (DESIGN "Privacy"). Each segment column is
 * a partition of the city (respondents with a blank value form no part);
 * per cell:
 *
 * 1. a figure over too small a group is hidden (primary suppression; an
 *    empty cell is not "hidden": it has no figure to show or to solve for);
 * 2. linked cells follow (a hidden dimension hides the index);
 * 3. per partition, the unpublished remainder R = total − every published
 *    part (n, Σw and Σw² subtract exactly): when R is too small but not
 *    empty, or exactly one non-empty part is hidden, the smallest published
 *    part is hidden too (secondary suppression);
 *
 * repeated until nothing changes. Pure; hides at most every cell.
 * @example three parts of 10, 10 and 1 respondents (min 3): the part of 1 and one part of 10 are hidden.
 */
export function disclosureControl(input: DisclosureInput): DisclosureResult {
  const { minRespondents: min, total, partitions } = input;
  const links = input.links ?? [];
  const cells = total.length;
  // An empty cell has nothing to hide (it is shown as no figure) and hides nothing through links.
  const primary = (c: CellCount) => c.n > 0 && tooSmall(c, min);
  const hiddenTotal = total.map((c, i) => primary(c) || (input.forcedTotal?.[i] ?? false));
  const hiddenParts = partitions.map((parts, k) =>
    parts.map((counts, p) => counts.map((c, i) => primary(c) || (input.forcedParts?.[k]?.[p]?.[i] ?? false))),
  );
  const follow = (hidden: boolean[]): boolean => {
    let changed = false;
    let again = true;
    while (again) {
      again = false;
      for (const [a, b] of links) {
        if (hidden[a] && !hidden[b]) {
          hidden[b] = true;
          again = changed = true;
        }
      }
    }
    return changed;
  };
  follow(hiddenTotal);
  let changed = true;
  while (changed) {
    changed = false;
    partitions.forEach((parts, k) => {
      const hidden = hiddenParts[k]!;
      for (const h of hidden) if (follow(h)) changed = true;
      for (let c = 0; c < cells; c++) {
        if (hiddenTotal[c]) continue;
        let n = total[c]!.n;
        let sumW = total[c]!.sumW;
        let sumW2 = total[c]!.sumW2;
        let hiddenNonEmpty = 0;
        let smallest = -1;
        parts.forEach((counts, p) => {
          const part = counts[c]!;
          if (part.n === 0) return;
          if (hidden[p]![c]) {
            hiddenNonEmpty++;
            return;
          }
          n -= part.n;
          sumW -= part.sumW;
          sumW2 -= part.sumW2;
          const best = smallest < 0 ? undefined : parts[smallest]![c]!;
          if (!best || part.n < best.n || (part.n === best.n && kishN(part) < kishN(best))) smallest = p;
        });
        const remainderExposed = n >= 1 && tooSmall({ n, sumW, sumW2: Math.max(sumW2, 0) }, min);
        if ((remainderExposed || hiddenNonEmpty === 1) && smallest >= 0) {
          hidden[smallest]![c] = true;
          changed = true;
        }
      }
    });
  }
  return { total: hiddenTotal, partitions: hiddenParts };
}
