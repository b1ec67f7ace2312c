import type { Instrument, InstrumentNode } from './instrument.js';
import { itemScoreLine } from './item-score.js';

/** One respondent's answers, in the instrument's question order; null (or NaN, in a typed array) = no answer. */
export type AnswerVector = ArrayLike<number | null>;

interface PlanNode {
  /** Item score = offset + slope · v (DESIGN §1 is linear in v; see itemScoreLine). */
  readonly questions: readonly {
    readonly index: number;
    readonly weight: number;
    readonly offset: number;
    readonly slope: number;
  }[];
  readonly children: readonly { readonly slot: number; readonly weight: number }[];
  readonly size: number;
}

export interface RespondentScorer {
  /** Node keys, children before parents; slot i of a score array belongs to nodeKeys[i]. */
  readonly nodeKeys: readonly string[];
  /** Slot of each node key. */
  readonly slotOf: ReadonlyMap<string, number>;
  /**
   * Scores every node below the root for one respondent (DESIGN §2): the
   * weighted mean of the children present, weights renormalised over what is
   * present; NaN where fewer than `minCoverage` of the children (by count) are present.
   */
  score(answers: AnswerVector, out?: Float64Array): Float64Array;
}

/**
 * Compiles the instrument tree once into a flat plan, so scoring a respondent
 * is a single pass over arrays (no maps, no allocation when `out` is reused).
 * @example compileScorer(instrument).score([5, 5, 1, null, …]) // Float64Array of node scores
 */
export function compileScorer(instrument: Instrument): RespondentScorer {
  const nodeKeys: string[] = [];
  const plan: PlanNode[] = [];
  const build = (node: InstrumentNode): number => {
    const children = node.children.map((child) => ({ slot: build(child), weight: child.weight }));
    const questions = node.questions.map((q) => ({ index: q.index, weight: q.weight, ...itemScoreLine(q) }));
    nodeKeys.push(node.key);
    plan.push({ questions, children, size: questions.length + children.length });
    return plan.length - 1;
  };
  instrument.dimensions.forEach(build);
  const { minCoverage } = instrument;

  return {
    nodeKeys,
    slotOf: new Map(nodeKeys.map((key, slot) => [key, slot])),
    score(answers, out = new Float64Array(plan.length)) {
      for (let slot = 0; slot < plan.length; slot++) {
        const node = plan[slot]!;
        let sum = 0;
        let weights = 0;
        let present = 0;
        for (const q of node.questions) {
          const v = answers[q.index];
          if (v === null || v === undefined || v !== v) continue;
          sum += q.weight * (q.offset + q.slope * v);
          weights += q.weight;
          present++;
        }
        for (const c of node.children) {
          const s = out[c.slot]!;
          if (Number.isNaN(s)) continue;
          sum += c.weight * s;
          weights += c.weight;
          present++;
        }
        out[slot] = present === 0 || present / node.size < minCoverage ? NaN : sum / weights;
      }
      return out;
    },
  };
}
