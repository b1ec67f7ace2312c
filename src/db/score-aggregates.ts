import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { CityMoments } from '../domain/city-scores.js';
import type { Instrument } from '../domain/instrument.js';
import type { Moments } from '../domain/moments.js';
import { compileReliability, type ItemMoments, type ReliabilityPlan } from '../domain/reliability.js';
import { itemScore } from '../domain/item-score.js';
import { compileScorer, type AnswerVector, type RespondentScorer } from '../domain/respondent-scores.js';
import { decodeAnswers } from './answer-codec.js';
import { decodeSegments } from './segment-codec.js';
import { importRespondentRange } from './imports.js';
import { getInstrument } from './instruments.js';
import type { Database, ImportAggregateTable } from './schema.js';

/** node_key of the row that counts respondents (n) and their weights (sum_w). */
export const RESPONDENTS_NODE = '*';
/**
 * node_key prefix of the rows holding Cronbach's alpha statistics (reliability.ts) of
 * a dimension, on the rows over all respondents only: `~alpha:<dimension>:<item index>`
 * (n = complete cases, sum_wx = Σx, sum_wxx = Σx²) and `~alpha:<dimension>:T`
 * (sum_wx = ΣT, sum_wxx = ΣT² of the item totals).
 */
export const ALPHA_PREFIX = '~alpha:';
/**
 * node_key prefix of the rows holding one question's item scores (0–100) over the
 * respondents who answered it: `~q:<question code>` (the question means of city pages and reports).
 */
export const QUESTION_PREFIX = '~q:';
/** segment_key (and segment_value) of the rows over all respondents of a city. */
export const ALL_SEGMENTS = '';

const FIELDS = 5; // n, Σw, Σw², Σwx, Σwx²

/** Respondents alike in city and every segment value: the unit the import sums into. */
interface Cell {
  /** Segment values in the instrument's key order ('' where the row left it blank). */
  readonly values: readonly string[];
  readonly sums: Float64Array;
  /**
   * Unweighted whole-number answers of the questions with a small integer scale, counted per
   * value (one increment per answer, folded into `sums` by `rows()`): the question moments'
   * cheap path. Weighted or other answers go to `sums` directly.
   */
  readonly counts: Int32Array;
}

/** Where a question's answer counts sit in a cell's `counts` (-1: not counted, always summed). */
interface CountPlan {
  readonly at: Int32Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly size: number;
}

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
    if (scale.type === 'goalposts' || !Number.isInteger(scale.min) || !Number.isInteger(scale.max) || values > MAX_COUNTED_VALUES) return;
    at[i] = size;
    size += values;
  });
  return { at, min, max, size };
}

/** Cells of one city by segment value, one trie level per segment key. */
interface CellTrie {
  readonly next: Map<string, CellTrie>;
  cell?: Cell;
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
export class AggregateAccumulator {
  readonly scorer: RespondentScorer;
  readonly reliability: ReliabilityPlan;
  private readonly scores: Float64Array;
  /** The instrument's segment keys (the segments counted; a respondent's other keys are not). */
  private readonly segmentKeys: readonly string[];
  /** Per city (in order of first appearance): its cells and the alpha statistics over all its respondents. */
  private readonly byCity = new Map<number, { cells: CellTrie; list: Cell[]; items: ItemMoments[] }>();

  constructor(readonly instrument: Instrument) {
    this.scorer = compileScorer(instrument);
    this.reliability = compileReliability(instrument);
    this.scores = new Float64Array(this.scorer.nodeKeys.length);
    this.segmentKeys = instrument.segments.map((s) => s.key);
    this.questions = instrument.questions;
    this.counted = countPlan(instrument.questions);
  }

  /** The instrument's questions: their item scores follow the node scores in a cell's sums. */
  private readonly questions: Instrument['questions'];
  private readonly counted: CountPlan;

  add(cityId: number, weight: number | null, segments: Readonly<Record<string, string>> | null, answers: AnswerVector): void {
    const scores = this.scorer.score(answers, this.scores);
    let city = this.byCity.get(cityId);
    if (!city) this.byCity.set(cityId, (city = { cells: { next: new Map() }, list: [], items: this.reliability.empty() }));
    this.reliability.add(city.items, answers);
    let node = city.cells;
    const keys = this.segmentKeys;
    for (let k = 0; k < keys.length; k++) {
      const value = segments?.[keys[k]!] ?? '';
      let next = node.next.get(value);
      if (!next) node.next.set(value, (next = { next: new Map() }));
      node = next;
    }
    if (!node.cell) {
      node.cell = { values: keys.map((key) => segments?.[key] ?? ''), sums: this.emptySums(), counts: new Int32Array(this.counted.size) };
      city.list.push(node.cell);
    }
    const w = weight ?? 1;
    addTo(node.cell.sums, scores, w);
    // Then each answered question's item score (the same `itemScore` as the from-scratch question means).
    const { sums, counts } = node.cell;
    const { at, min, max } = this.counted;
    const base = scores.length * FIELDS;
    for (let q = 0; q < this.questions.length; q++) {
      const question = this.questions[q]!;
      const v = answers[question.index];
      if (v === null || v === undefined) continue;
      const slot = at[q]!;
      if (slot >= 0 && w === 1 && v >= min[q]! && v <= max[q]! && Number.isInteger(v)) counts[slot + v - min[q]!]!++;
      else bump(sums, base + q * FIELDS, w, itemScore(v, question));
    }
  }

  /** Folds a cell's answer counts into its question moments (weight 1 each: n = Σw = Σw²). */
  private foldCounts(cell: Cell): void {
    const { at, min, max } = this.counted;
    const base = this.scorer.nodeKeys.length * FIELDS;
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

  /** FIELDS numbers per node slot, per question, then for the respondent count. */
  private emptySums(): Float64Array {
    return new Float64Array((this.scorer.nodeKeys.length + this.questions.length + 1) * FIELDS);
  }

  /** The stored groups of one city: all its respondents, then each segment value's, from its cells. */
  private groups(cells: readonly Cell[]): { segmentKey: string; segmentValue: string; sums: Float64Array }[] {
    const all = { segmentKey: ALL_SEGMENTS, segmentValue: ALL_SEGMENTS, sums: this.emptySums() };
    const bySegment = this.segmentKeys.map(() => new Map<string, Float64Array>());
    for (const cell of cells) {
      this.foldCounts(cell);
      addSums(all.sums, cell.sums);
      cell.values.forEach((value, k) => {
        if (value === '') return;
        let sums = bySegment[k]!.get(value);
        if (!sums) bySegment[k]!.set(value, (sums = this.emptySums()));
        addSums(sums, cell.sums);
      });
    }
    return [all, ...bySegment.flatMap((values, k) => [...values].map(([segmentValue, sums]) => ({ segmentKey: this.segmentKeys[k]!, segmentValue, sums })))];
  }

  /**
   * The table rows of this import (nodes nobody scored on are left out), city
   * by city: a million respondents over 200 cities make ~100,000 rows, never
   * all held at once.
   */
  *rows(importId: number, waveId: number): Generator<ImportAggregateTable> {
    const keys = [...this.scorer.nodeKeys, ...this.questions.map((q) => `${QUESTION_PREFIX}${q.code}`), RESPONDENTS_NODE];
    for (const [cityId, city] of this.byCity) {
      const out: ImportAggregateTable[] = [];
      for (const g of this.groups(city.list)) {
        keys.forEach((nodeKey, slot) => {
          const o = slot * FIELDS;
          if (g.sums[o] === 0) return;
          out.push({
            import_id: importId,
            wave_id: waveId,
            city_id: cityId,
            segment_key: g.segmentKey,
            segment_value: g.segmentValue,
            node_key: nodeKey,
            n: g.sums[o]!,
            sum_w: g.sums[o + 1]!,
            sum_w2: g.sums[o + 2]!,
            sum_wx: g.sums[o + 3]!,
            sum_wxx: g.sums[o + 4]!,
          });
        });
      }
      const row = (nodeKey: string, n: number, sum: number, squares: number): ImportAggregateTable => ({
        import_id: importId, wave_id: waveId, city_id: cityId, segment_key: ALL_SEGMENTS, segment_value: ALL_SEGMENTS,
        node_key: nodeKey, n, sum_w: 0, sum_w2: 0, sum_wx: sum, sum_wxx: squares,
      });
      city.items.forEach((m, d) => {
        if (m.n === 0) return;
        const dim = `${ALPHA_PREFIX}${this.reliability.dimensions[d]!.key}:`;
        for (let i = 0; i < m.sums.length; i++) out.push(row(`${dim}${i}`, m.n, m.sums[i]!, m.squares[i]!));
        out.push(row(`${dim}T`, m.n, m.total, m.totalSquares));
      });
      yield* out;
    }
  }
}

/** Adds a respondent's node scores (the first slots) and counts it (the last slot). */
function addTo(s: Float64Array, scores: Float64Array, w: number): void {
  for (let slot = 0; slot < scores.length; slot++) {
    const x = scores[slot]!;
    if (!Number.isNaN(x)) bump(s, slot * FIELDS, w, x);
  }
  bump(s, s.length - FIELDS, w, 0);
}

function addSums(into: Float64Array, from: Float64Array): void {
  for (let i = 0; i < into.length; i++) into[i] = into[i]! + from[i]!;
}

function bump(s: Float64Array, o: number, w: number, x: number): void {
  s[o] = s[o]! + 1;
  s[o + 1] = s[o + 1]! + w;
  s[o + 2] = s[o + 2]! + w * w;
  s[o + 3] = s[o + 3]! + w * x;
  s[o + 4] = s[o + 4]! + w * x * x;
}

/**
 * Stores an import's aggregates. Call inside the import's transaction. With
 * `sqlite` (the raw connection that transaction runs on): prepared
 * statements, 50 rows each (a million respondents over 200 cities make
 * ~100,000 rows); otherwise multi-row INSERTs through Kysely (PostgreSQL).
 */
export async function writeImportAggregates(db: Kysely<Database>, importId: number, waveId: number, acc: AggregateAccumulator, sqlite?: SQLite.Database): Promise<void> {
  const batch = sqlite ? 50 : 500;
  const columns = ['import_id', 'wave_id', 'city_id', 'segment_key', 'segment_value', 'node_key', 'n', 'sum_w', 'sum_w2', 'sum_wx', 'sum_wxx'] as const;
  const statement = (count: number) =>
    sqlite!.prepare(`INSERT INTO import_aggregates (${columns.join(', ')}) VALUES ${Array.from({ length: count }, () => `(${columns.map(() => '?').join(',')})`).join(',')}`);
  const many = sqlite ? statement(batch) : null;
  const store = async (rows: ImportAggregateTable[]) => {
    if (rows.length === 0) return;
    if (!sqlite) {
      await db.insertInto('import_aggregates').values(rows).execute();
      return;
    }
    const params = rows.flatMap((r) => columns.map((c) => r[c]));
    (rows.length === batch ? many! : statement(rows.length)).run(params);
  };
  let pending: ImportAggregateTable[] = [];
  for (const row of acc.rows(importId, waveId)) {
    pending.push(row);
    if (pending.length === batch) {
      await store(pending);
      pending = [];
    }
  }
  await store(pending);
}

/** Removes an import's aggregates: its respondents no longer count. Call inside the undo transaction. */
export async function deleteImportAggregates(db: Kysely<Database>, importId: number): Promise<void> {
  await db.deleteFrom('import_aggregates').where('import_id', '=', importId).execute();
}

/**
 * Recomputes one import's aggregates from its stored respondents (the
 * migration's backfill, and a repair tool). Replaces what was there.
 */
export async function rebuildImportAggregates(db: Kysely<Database>, importId: number, options: { byRange?: boolean } = {}): Promise<void> {
  const imp = await db
    .selectFrom('imports')
    .innerJoin('waves', 'waves.id', 'imports.wave_id')
    .select(['imports.id', 'imports.wave_id', 'waves.instrument_id'])
    .where('imports.id', '=', importId)
    .executeTakeFirstOrThrow();
  const instrument = await getInstrument(db, imp.instrument_id);
  const acc = new AggregateAccumulator(instrument);
  const keys = instrument.segments.map((s) => s.key);
  // Migration 0004 runs this before 0007 added the id ranges: it reads by import_id alone.
  const range = options.byRange === false ? null : await importRespondentRange(db, importId);
  let query = db.selectFrom('respondents').select(['city_id', 'weight', 'segments', 'answers']).where('import_id', '=', importId);
  if (range) query = query.where('id', '>=', range.first).where('id', '<=', range.last);
  const rows = await query.execute();
  for (const r of rows) acc.add(r.city_id, r.weight, decodeSegments(keys, r.segments), decodeAnswers(r.answers));
  await deleteImportAggregates(db, importId);
  await writeImportAggregates(db, importId, imp.wave_id, acc);
}

/** The aggregate rows of one segment value, or of several stored spellings of it (`it`, `IT`). */
export type SegmentRows = { readonly key: string; readonly value: string } | { readonly key: string; readonly values: readonly string[] };

const segmentValuesOf = (segment: SegmentRows | undefined): readonly string[] =>
  !segment ? [ALL_SEGMENTS] : 'values' in segment ? segment.values : [segment.value];

const toMoments = (r: { n: unknown; sum_w: unknown; sum_w2: unknown; sum_wx: unknown; sum_wxx: unknown }): Moments => ({
  n: Number(r.n),
  sumW: Number(r.sum_w),
  sumW2: Number(r.sum_w2),
  sumWX: Number(r.sum_wx),
  sumWXX: Number(r.sum_wxx),
});

/** A wave's aggregate rows of one segment key (and values), summed per city and key over its imports. */
function pooledRows(db: Kysely<Database>, waveId: number, segmentKey: string, values: readonly string[]) {
  return db
    .selectFrom('import_aggregates')
    .select((eb) => [
      'city_id',
      'node_key',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>('sum_w').as('sum_w'),
      eb.fn.sum<number>('sum_w2').as('sum_w2'),
      eb.fn.sum<number>('sum_wx').as('sum_wx'),
      eb.fn.sum<number>('sum_wxx').as('sum_wxx'),
    ])
    .where('wave_id', '=', waveId)
    .where('segment_key', '=', segmentKey)
    .where('segment_value', 'in', [...values])
    .groupBy(['city_id', 'node_key']);
}

/**
 * The moments of every city of a wave, pooled over its committed imports,
 * from the aggregates (a GROUP BY over cities × nodes × imports rows, never
 * over respondents). Keyed by `cityKey(city_id)` (the domain's city id).
 * `segment` limits to the respondents of one segment value, or of several
 * stored spellings of it (`values`, pooled: a respondent has one value per column).
 */
export async function loadCityMoments(
  db: Kysely<Database>,
  waveId: number,
  scorer: RespondentScorer,
  cityKey: (cityId: number) => string,
  segment?: SegmentRows,
  reliability?: ReliabilityPlan,
): Promise<Map<string, CityMoments>> {
  const values = segmentValuesOf(segment);
  if (values.length === 0) return new Map();
  const rows = await pooledRows(db, waveId, segment?.key ?? ALL_SEGMENTS, values)
    .where('node_key', 'not like', `${QUESTION_PREFIX}%`)
    .orderBy('city_id')
    .execute();
  const out = new Map<string, { city: string; respondents: number; nodes: Moments[]; items?: ItemMoments[] }>();
  const dimensionIndex = new Map(reliability?.dimensions.map((d, i) => [d.key, i]) ?? []);
  const slots = scorer.nodeKeys.length;
  for (const r of rows) {
    const city = cityKey(r.city_id);
    let acc = out.get(city);
    if (!acc) {
      acc = { city, respondents: 0, nodes: Array.from({ length: slots }, () => ({ n: 0, sumW: 0, sumW2: 0, sumWX: 0, sumWXX: 0 })) };
      if (reliability && !segment) acc.items = reliability.empty();
      out.set(city, acc);
    }
    if (r.node_key.startsWith(ALPHA_PREFIX)) {
      if (!acc.items) continue;
      const rest = r.node_key.slice(ALPHA_PREFIX.length);
      const cut = rest.lastIndexOf(':');
      const m = acc.items[dimensionIndex.get(rest.slice(0, cut)) ?? -1];
      if (!m) continue;
      const item = rest.slice(cut + 1);
      m.n = Number(r.n);
      if (item === 'T') {
        m.total = Number(r.sum_wx);
        m.totalSquares = Number(r.sum_wxx);
      } else {
        m.sums[Number(item)] = Number(r.sum_wx);
        m.squares[Number(item)] = Number(r.sum_wxx);
      }
      continue;
    }
    if (r.node_key === RESPONDENTS_NODE) {
      acc.respondents = Number(r.n);
      continue;
    }
    const slot = scorer.slotOf.get(r.node_key);
    if (slot !== undefined) acc.nodes[slot] = toMoments(r);
  }
  return out;
}

/**
 * Per city (of `cityIds`) and question (instrument order), the moments of the
 * item scores of the respondents who answered it, pooled over the wave's
 * committed imports, from the aggregates: what `questionMeans` computes from
 * raw answers, without reading them. `segment` limits to one segment value
 * (or its stored spellings, as in `loadCityMoments`).
 */
export async function loadQuestionMoments(
  db: Kysely<Database>,
  waveId: number,
  instrument: Instrument,
  cityIds: readonly number[],
  segment?: SegmentRows,
): Promise<Map<number, Moments[]>> {
  const out = new Map<number, Moments[]>();
  const values = segmentValuesOf(segment);
  if (cityIds.length === 0 || values.length === 0) return out;
  const rows = await pooledRows(db, waveId, segment?.key ?? ALL_SEGMENTS, values)
    .where('city_id', 'in', [...cityIds])
    .where('node_key', 'like', `${QUESTION_PREFIX}%`)
    .execute();
  const slot = new Map(instrument.questions.map((q, i) => [`${QUESTION_PREFIX}${q.code}`, i]));
  for (const r of rows) {
    const i = slot.get(r.node_key);
    if (i === undefined) continue;
    const cityId = Number(r.city_id);
    let moments = out.get(cityId);
    if (!moments) out.set(cityId, (moments = instrument.questions.map(() => ({ n: 0, sumW: 0, sumW2: 0, sumWX: 0, sumWXX: 0 }))));
    moments[i] = toMoments(r);
  }
  return out;
}
