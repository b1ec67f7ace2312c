import type { Instrument } from './instrument.js';
import { itemScore } from './item-score.js';
import { compileReliability, type ReliabilityPlan } from './reliability.js';
import { compileScorer, type AnswerVector, type RespondentScorer } from './respondent-scores.js';

/** node_key of the row that counts respondents (n) and their weights (sum_w). */
export const RESPONDENTS_NODE = '*';
/**
 * node_key prefix of the rows holding Cronbach's alpha statistics (reliability.ts) of
 * a dimension, on the rows over all respondents only: `~alpha:<dimension>:<item index>`
 * (n = complete cases, sum_wx = Σx, sum_wxx = Σx²) and `~alpha:<dimension>:T`
 * (sum_wx = ΣT, sum_wxx = ΣT² of the item totals).
 */
export const ALPHA_PREFIX = '~alpha:';
/** segment_key (and segment_value) of the rows over all respondents of a city. */
export const ALL_SEGMENTS = '';

export const FIELDS = 5; // n, Σw, Σw², Σwx, Σwx²

/** One node's sufficient statistics of a group: a row of `import_aggregates` as stored. */
export interface AggregateNodeRow {
  import_id: number;
  wave_id: number;
  city_id: number;
  segment_key: string;
  segment_value: string;
  node_key: string;
  n: number;
  sum_w: number;
  sum_w2: number;
  sum_wx: number;
  sum_wxx: number;
  /** The smallest and largest respondent score of the node (null on rows that are not scores). */
  min_x: number | null;
  max_x: number | null;
}

/** A group's question moments packed in instrument order: a row of `import_question_aggregates` as stored. */
export interface AggregateQuestionRow {
  import_id: number;
  wave_id: number;
  city_id: number;
  segment_key: string;
  segment_value: string;
  moments: Buffer;
}

/** Respondents alike in city and every segment value: the unit the import sums into. */
export interface Cell {
  /** Segment values in the instrument's key order ('' where the row left it blank). */
  readonly values: readonly string[];
  readonly sums: Float64Array;
  /**
   * Unweighted whole-number answers of the questions with a small integer scale, counted per
   * value (one increment per answer, folded into `sums` every 255 rows and by `rows()`): the
   * question moments' cheap path. Weighted or other answers go to `sums` directly. A byte per
   * count keeps what every row touches in few cache lines: that memory, not the arithmetic,
   * is what adding a respondent waits for.
   */
  readonly counts: Uint8Array;
  /** Rows added since the counts were last folded (a count never passes 255). */
  recent: number;
  /**
   * Per node slot, the smallest and largest respondent score: a node whose
   * scores are all equal has variance exactly 0, which the sums alone cannot
   * tell (Σx² − (Σx)²/n rounds to a tiny non-zero).
   */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/** A cell and the alpha statistics of its city (`ReliabilityPlan.emptyPacked`): where one respondent is added. */
export interface CellPlace {
  readonly cell: Cell;
  readonly items: Float64Array;
}

/** Where a question's answer counts sit in a cell's `counts` (-1: not counted, always summed). */
interface CountPlan {
  /** The question's position in an answer vector. */
  readonly index: Int32Array;
  readonly at: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly size: number;
}

/**
 * Cells are carved out of one buffer this many at a time: a cell's arrays are views into one run of
 * memory, not separate allocations each reached through its own pointer.
 */
const CELLS_PER_SLAB = 64;

/** Integer scales up to this many values are counted per value. */
const MAX_COUNTED_VALUES = 16;

function countPlan(questions: Instrument['questions']): CountPlan {
  const at = new Int32Array(questions.length).fill(-1);
  const min = new Float64Array(questions.length);
  const max = new Float64Array(questions.length);
  let size = 0;
  questions.forEach((q, i) => {
    const { scale } = q;
    min[i] = scale.min;
    max[i] = scale.max;
    const values = scale.max - scale.min + 1;
    if (
      scale.type === 'goalposts' ||
      !Number.isInteger(scale.min) ||
      !Number.isInteger(scale.max) ||
      values > MAX_COUNTED_VALUES
    )
      return;
    at[i] = size;
    size += values;
  });
  return { index: Int32Array.from(questions.map((q) => q.index)), at, min, max, size };
}

/** Cells of one city by segment value, one trie level per segment key. */
interface CellTrie {
  readonly next: Map<string, CellTrie>;
  cell?: Cell;
}

interface CityCells {
  readonly cells: CellTrie;
  /** The cells in order of first appearance. */
  readonly list: Cell[];
  /** The alpha statistics over all the city's respondents, every dimension's packed in one array. */
  readonly items: Float64Array;
}

/** One city's rows of the aggregate tables (`AggregateAccumulator.rows`). */
export interface CityAggregateRows {
  readonly nodes: AggregateNodeRow[];
  readonly questions: AggregateQuestionRow[];
}

/** Where an import's aggregate rows come from, city by city: an accumulator, or one on the import's worker thread. */
export interface AggregateRowSource {
  rows(importId: number, waveId: number): Iterable<CityAggregateRows> | AsyncIterable<CityAggregateRows>;
}

/**
 * Sums one import's respondents into moments per city × segment value × node,
 * as they stream past: memory grows with cities × segment values, never with
 * respondents. Each respondent is added once, to the cell of its city and
 * segment values (role × layer …); `rows()` sums the cells into the stored
 * groups (the city's respondents, each segment value's), so a respondent with
 * two segments costs one addition, not three. Moments are sums: any grouping
 * gives the same figures. `rows()` gives what `writeImportAggregates` stores.
 */
export class AggregateAccumulator implements AggregateRowSource {
  readonly scorer: RespondentScorer;
  readonly reliability: ReliabilityPlan;
  private readonly scores: Float64Array;
  /** The instrument's segment keys (the segments counted; a respondent's other keys are not). */
  private readonly segmentKeys: readonly string[];
  /** Per city (in order of first appearance): its cells and the alpha statistics over all its respondents. */
  private readonly byCity = new Map<number, CityCells>();

  constructor(readonly instrument: Instrument) {
    this.scorer = compileScorer(instrument);
    this.reliability = compileReliability(instrument);
    this.scores = new Float64Array(this.scorer.nodeKeys.length);
    this.segmentKeys = instrument.segments.map((s) => s.key);
    this.questions = instrument.questions;
    this.counted = countPlan(instrument.questions);
    this.values = this.segmentKeys.map(() => '');
    const slots = this.scorer.nodeKeys.length;
    this.respondentsAt = slots * FIELDS;
    const loAt = this.respondentsAt + FIELDS;
    const countsAt = loAt + 2 * slots;
    this.firstQuestionAt = countsAt + Math.ceil(this.counted.size / 8);
    this.layout = {
      slots,
      loAt,
      hiAt: loAt + slots,
      countsAt,
      doubles: this.firstQuestionAt + this.questions.length * FIELDS,
    };
  }

  /** The instrument's questions: their item scores follow the node scores in a cell's sums. */
  private readonly questions: Instrument['questions'];
  private readonly counted: CountPlan;
  /** `add`'s segment values, reused. */
  private readonly values: string[];
  /**
   * A cell's sums: FIELDS numbers per node slot, then the respondent count's, then (in a cell;
   * unused in a group's) the nodes' ranges and the answer counts, then FIELDS per question from
   * `firstQuestionAt`. What every row touches is one run of memory at the start of one buffer.
   */
  private readonly respondentsAt: number;
  private readonly firstQuestionAt: number;
  /** Node slots; where a cell's ranges and counts sit in its sums (in doubles), and the sums' length. */
  private readonly layout: { slots: number; loAt: number; hiAt: number; countsAt: number; doubles: number };
  /** The memory new cells are carved from, and how many it has given. */
  private slab: ArrayBuffer | null = null;
  private slabUsed = 0;

  private city(cityId: number): CityCells {
    let city = this.byCity.get(cityId);
    if (!city)
      this.byCity.set(cityId, (city = { cells: { next: new Map() }, list: [], items: this.reliability.emptyPacked() }));
    return city;
  }

  /** The cell of these segment values in `city`, made on first use. */
  private cell(city: CityCells, values: readonly string[]): Cell {
    let node = city.cells;
    for (let k = 0; k < values.length; k++) {
      const value = values[k]!;
      let next = node.next.get(value);
      if (!next) node.next.set(value, (next = { next: new Map() }));
      node = next;
    }
    if (!node.cell) {
      const { slots, loAt, hiAt, countsAt, doubles } = this.layout;
      if (this.slab === null || this.slabUsed === CELLS_PER_SLAB) {
        this.slab = new ArrayBuffer(CELLS_PER_SLAB * doubles * 8);
        this.slabUsed = 0;
      }
      const at = this.slabUsed++ * doubles * 8;
      node.cell = {
        values: values.slice(),
        sums: new Float64Array(this.slab, at, doubles),
        counts: new Uint8Array(this.slab, at + countsAt * 8, this.counted.size),
        recent: 0,
        lo: new Float64Array(this.slab, at + loAt * 8, slots).fill(Infinity),
        hi: new Float64Array(this.slab, at + hiAt * 8, slots).fill(-Infinity),
      };
      city.list.push(node.cell);
    }
    return node.cell;
  }

  add(
    cityId: number,
    weight: number | null,
    segments: Readonly<Record<string, string>> | null,
    answers: AnswerVector,
  ): void {
    const values = this.values;
    for (let k = 0; k < values.length; k++) values[k] = segments?.[this.segmentKeys[k]!] ?? '';
    this.addAt(this.place(cityId, values), weight, answers);
  }

  /**
   * Where a respondent of this city and these segment values is summed (made on
   * first use): the worker keeps these by number, so most rows skip the look-up.
   */
  place(cityId: number, values: readonly string[]): CellPlace {
    const city = this.city(cityId);
    return { cell: this.cell(city, values), items: city.items };
  }

  /** One respondent into its place. Answers: null, undefined or NaN is no answer. */
  addAt(place: CellPlace, weight: number | null, answers: AnswerVector): void {
    const scores = this.scorer.score(answers, this.scores);
    this.reliability.addPacked(place.items, answers);
    const w = weight ?? 1;
    const cell = place.cell;
    const { sums, counts, lo, hi } = cell;
    addTo(sums, scores, w, lo, hi, this.respondentsAt);
    // Then each answered question's item score (the same `itemScore` as the from-scratch question means).
    const { at, min, max, index } = this.counted;
    const base = this.firstQuestionAt;
    for (let q = 0; q < index.length; q++) {
      const v = answers[index[q]!];
      if (v === null || v === undefined || v !== v) continue;
      const slot = at[q]!;
      if (slot >= 0 && w === 1 && v <= max[q]!) {
        // A whole number on the scale: its offset from the scale's minimum is a small integer.
        const k = v - min[q]!;
        if ((k | 0) === k && k >= 0) {
          counts[slot + k]!++;
          continue;
        }
      }
      bump(sums, base + q * FIELDS, w, itemScore(v, this.questions[q]!));
    }
    if (++cell.recent === 255) this.foldCounts(cell);
  }

  /** Folds a cell's answer counts into its question moments (weight 1 each: n = Σw = Σw²). */
  private foldCounts(cell: Cell): void {
    const { at, min, max } = this.counted;
    const base = this.firstQuestionAt;
    cell.recent = 0;
    for (let q = 0; q < this.questions.length; q++) {
      if (at[q]! < 0) continue;
      for (let v = min[q]!; v <= max[q]!; v++) {
        const c = cell.counts[at[q]! + v - min[q]!]!;
        if (c === 0) continue;
        const x = itemScore(v, this.questions[q]!);
        const o = base + q * FIELDS;
        cell.sums[o] = cell.sums[o]! + c;
        cell.sums[o + 1] = cell.sums[o + 1]! + c;
        cell.sums[o + 2] = cell.sums[o + 2]! + c;
        cell.sums[o + 3] = cell.sums[o + 3]! + c * x;
        cell.sums[o + 4] = cell.sums[o + 4]! + c * x * x;
      }
      cell.counts.fill(0, at[q]!, at[q]! + max[q]! - min[q]! + 1);
    }
  }

  private emptyRange(): { lo: Float64Array; hi: Float64Array } {
    const slots = this.scorer.nodeKeys.length;
    return { lo: new Float64Array(slots).fill(Infinity), hi: new Float64Array(slots).fill(-Infinity) };
  }

  /** A group's sums, zero (layout: `respondentsAt`). */
  private emptySums(): Float64Array {
    return new Float64Array(this.layout.doubles);
  }

  /** Adds a cell's sums into a group's: the node and respondent slots and the questions', not what lies between. */
  private addSums(into: Float64Array, from: Float64Array): void {
    const nodes = this.respondentsAt + FIELDS;
    for (let i = 0; i < nodes; i++) into[i] = into[i]! + from[i]!;
    for (let i = this.firstQuestionAt; i < into.length; i++) into[i] = into[i]! + from[i]!;
  }

  /** The stored groups of one city: all its respondents, then each segment value's, from its cells. */
  private groups(
    cells: readonly Cell[],
  ): { segmentKey: string; segmentValue: string; sums: Float64Array; lo: Float64Array; hi: Float64Array }[] {
    const all = { segmentKey: ALL_SEGMENTS, segmentValue: ALL_SEGMENTS, sums: this.emptySums(), ...this.emptyRange() };
    const bySegment = this.segmentKeys.map(
      () => new Map<string, { sums: Float64Array; lo: Float64Array; hi: Float64Array }>(),
    );
    for (const cell of cells) {
      this.foldCounts(cell);
      this.addSums(all.sums, cell.sums);
      widenRange(all, cell);
      cell.values.forEach((value, k) => {
        if (value === '') return;
        let group = bySegment[k]!.get(value);
        if (!group) bySegment[k]!.set(value, (group = { sums: this.emptySums(), ...this.emptyRange() }));
        this.addSums(group.sums, cell.sums);
        widenRange(group, cell);
      });
    }
    return [
      all,
      ...bySegment.flatMap((values, k) =>
        [...values].map(([segmentValue, g]) => ({ segmentKey: this.segmentKeys[k]!, segmentValue, ...g })),
      ),
    ];
  }

  /**
   * The table rows of this import, city by city (a million respondents over
   * 200 cities make ~26,000 rows, never all held at once): per group (the
   * city's respondents, each segment value's) one row per node scored and the
   * respondent count (`import_aggregates`, nodes nobody scored on left out),
   * the alpha statistics over the city's respondents, and one row with every
   * question's moments packed (`import_question_aggregates`, `packQuestionMoments`).
   */
  *rows(importId: number, waveId: number): Generator<CityAggregateRows> {
    const nodeKeys = this.scorer.nodeKeys;
    const respondents = this.respondentsAt;
    const firstQuestion = this.firstQuestionAt;
    const questionFields = this.questions.length * FIELDS;
    for (const [cityId, city] of this.byCity) {
      const nodes: AggregateNodeRow[] = [];
      const questions: AggregateQuestionRow[] = [];
      const row = (
        segmentKey: string,
        segmentValue: string,
        nodeKey: string,
        sums: ArrayLike<number>,
        o: number,
        lo: number | null = null,
        hi: number | null = null,
      ): AggregateNodeRow => ({
        import_id: importId,
        wave_id: waveId,
        city_id: cityId,
        segment_key: segmentKey,
        segment_value: segmentValue,
        node_key: nodeKey,
        n: sums[o]!,
        sum_w: sums[o + 1]!,
        sum_w2: sums[o + 2]!,
        sum_wx: sums[o + 3]!,
        sum_wxx: sums[o + 4]!,
        min_x: lo,
        max_x: hi,
      });
      for (const g of this.groups(city.list)) {
        nodeKeys.forEach((nodeKey, slot) => {
          if (g.sums[slot * FIELDS] !== 0)
            nodes.push(row(g.segmentKey, g.segmentValue, nodeKey, g.sums, slot * FIELDS, g.lo[slot]!, g.hi[slot]!));
        });
        if (g.sums[respondents] !== 0)
          nodes.push(row(g.segmentKey, g.segmentValue, RESPONDENTS_NODE, g.sums, respondents));
        questions.push({
          import_id: importId,
          wave_id: waveId,
          city_id: cityId,
          segment_key: g.segmentKey,
          segment_value: g.segmentValue,
          moments: packQuestionMoments(g.sums.subarray(firstQuestion, firstQuestion + questionFields)),
        });
      }
      this.reliability.unpack(city.items).forEach((m, d) => {
        if (m.n === 0) return;
        const dim = `${ALPHA_PREFIX}${this.reliability.dimensions[d]!.key}:`;
        for (let i = 0; i < m.sums.length; i++)
          nodes.push(row(ALL_SEGMENTS, ALL_SEGMENTS, `${dim}${i}`, [m.n, 0, 0, m.sums[i]!, m.squares[i]!], 0));
        nodes.push(row(ALL_SEGMENTS, ALL_SEGMENTS, `${dim}T`, [m.n, 0, 0, m.total, m.totalSquares], 0));
      });
      yield { nodes, questions };
    }
  }
}

/** Question moments as stored: per question, n, Σw, Σw², Σwx, Σwx² as little-endian doubles. */
export function packQuestionMoments(sums: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(sums.length * 8);
  for (let i = 0; i < sums.length; i++) out.writeDoubleLE(sums[i]!, i * 8);
  return out;
}

/** Adds packed question moments (`packQuestionMoments`) into `into` (FIELDS numbers per question). */
export function addPackedQuestionMoments(into: Float64Array, packed: Uint8Array): void {
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const n = Math.min(into.length, Math.floor(bytes.length / 8));
  for (let i = 0; i < n; i++) into[i] = into[i]! + bytes.readDoubleLE(i * 8);
}

/** Adds a respondent's node scores (the first slots, and their range) and counts it (at `respondentsAt`). */
function addTo(
  s: Float64Array,
  scores: Float64Array,
  w: number,
  lo: Float64Array,
  hi: Float64Array,
  respondentsAt: number,
): void {
  for (let slot = 0; slot < scores.length; slot++) {
    const x = scores[slot]!;
    if (Number.isNaN(x)) continue;
    bump(s, slot * FIELDS, w, x);
    if (x < lo[slot]!) lo[slot] = x;
    if (x > hi[slot]!) hi[slot] = x;
  }
  bump(s, respondentsAt, w, 0);
}

function widenRange(into: { lo: Float64Array; hi: Float64Array }, from: { lo: Float64Array; hi: Float64Array }): void {
  for (let i = 0; i < into.lo.length; i++) {
    if (from.lo[i]! < into.lo[i]!) into.lo[i] = from.lo[i]!;
    if (from.hi[i]! > into.hi[i]!) into.hi[i] = from.hi[i]!;
  }
}

function bump(s: Float64Array, o: number, w: number, x: number): void {
  s[o] = s[o]! + 1;
  s[o + 1] = s[o + 1]! + w;
  s[o + 2] = s[o + 2]! + w * w;
  s[o + 3] = s[o + 3]! + w * x;
  s[o + 4] = s[o + 4]! + w * x * x;
}
