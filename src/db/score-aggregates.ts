import type { Kysely } from 'kysely';
import type { CityMoments } from '../domain/city-scores.js';
import type { Instrument } from '../domain/instrument.js';
import type { Moments } from '../domain/moments.js';
import { compileReliability, type ItemMoments, type ReliabilityPlan } from '../domain/reliability.js';
import { compileScorer, type AnswerVector, type RespondentScorer } from '../domain/respondent-scores.js';
import { decodeAnswers } from './answer-codec.js';
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
/** segment_key (and segment_value) of the rows over all respondents of a city. */
export const ALL_SEGMENTS = '';

const FIELDS = 5; // n, Σw, Σw², Σwx, Σwx²

interface Group {
  readonly cityId: number;
  readonly segmentKey: string;
  readonly segmentValue: string;
  /** FIELDS numbers per scorer slot, then FIELDS for the respondent count. */
  readonly sums: Float64Array;
  /** Alpha statistics per dimension (the all-respondents group only). */
  readonly items?: ItemMoments[];
}

/**
 * Sums one import's respondents into moments per city × segment value × node,
 * as they stream past: memory grows with cities × segment values, never with
 * respondents. `rows()` gives what `writeImportAggregates` stores.
 */
export class AggregateAccumulator {
  readonly scorer: RespondentScorer;
  readonly reliability: ReliabilityPlan;
  private readonly groups: Group[] = [];
  private readonly scores: Float64Array;

  constructor(readonly instrument: Instrument) {
    this.scorer = compileScorer(instrument);
    this.reliability = compileReliability(instrument);
    this.scores = new Float64Array(this.scorer.nodeKeys.length);
  }

  add(cityId: number, weight: number | null, segments: Readonly<Record<string, string>> | null, answers: AnswerVector): void {
    const scores = this.scorer.score(answers, this.scores);
    const w = weight ?? 1;
    const all = this.group(cityId, ALL_SEGMENTS, ALL_SEGMENTS);
    this.addTo(all, scores, w);
    this.reliability.add(all.items!, answers);
    if (segments) for (const key in segments) this.addTo(this.group(cityId, key, segments[key]!), scores, w);
  }

  /** Groups by city, then by segment key and value (nested maps: no key string built per respondent). */
  private readonly byCity = new Map<number, Map<string, Map<string, Group>>>();

  private group(cityId: number, segmentKey: string, segmentValue: string): Group {
    let city = this.byCity.get(cityId);
    if (!city) this.byCity.set(cityId, (city = new Map()));
    let segment = city.get(segmentKey);
    if (!segment) city.set(segmentKey, (segment = new Map()));
    let g = segment.get(segmentValue);
    if (!g) {
      g = {
        cityId, segmentKey, segmentValue,
        sums: new Float64Array((this.scorer.nodeKeys.length + 1) * FIELDS),
        ...(segmentKey === ALL_SEGMENTS ? { items: this.reliability.empty() } : {}),
      };
      segment.set(segmentValue, g);
      this.groups.push(g);
    }
    return g;
  }

  private addTo(g: Group, scores: Float64Array, w: number): void {
    const s = g.sums;
    for (let slot = 0; slot < scores.length; slot++) {
      const x = scores[slot]!;
      if (!Number.isNaN(x)) bump(s, slot * FIELDS, w, x);
    }
    bump(s, scores.length * FIELDS, w, 0);
  }

  /** The table rows of this import (nodes nobody scored on are left out). */
  rows(importId: number, waveId: number): ImportAggregateTable[] {
    const keys = [...this.scorer.nodeKeys, RESPONDENTS_NODE];
    const out: ImportAggregateTable[] = [];
    for (const g of this.groups) {
      keys.forEach((nodeKey, slot) => {
        const o = slot * FIELDS;
        if (g.sums[o] === 0) return;
        out.push({
          import_id: importId,
          wave_id: waveId,
          city_id: g.cityId,
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
      const row = (nodeKey: string, n: number, sum: number, squares: number): ImportAggregateTable => ({
        import_id: importId, wave_id: waveId, city_id: g.cityId, segment_key: g.segmentKey, segment_value: g.segmentValue,
        node_key: nodeKey, n, sum_w: 0, sum_w2: 0, sum_wx: sum, sum_wxx: squares,
      });
      g.items?.forEach((m, d) => {
        if (m.n === 0) return;
        const dim = `${ALPHA_PREFIX}${this.reliability.dimensions[d]!.key}:`;
        for (let i = 0; i < m.sums.length; i++) out.push(row(`${dim}${i}`, m.n, m.sums[i]!, m.squares[i]!));
        out.push(row(`${dim}T`, m.n, m.total, m.totalSquares));
      });
    }
    return out;
  }
}

function bump(s: Float64Array, o: number, w: number, x: number): void {
  s[o] = s[o]! + 1;
  s[o + 1] = s[o + 1]! + w;
  s[o + 2] = s[o + 2]! + w * w;
  s[o + 3] = s[o + 3]! + w * x;
  s[o + 4] = s[o + 4]! + w * x * x;
}

/** Stores an import's aggregates (portable SQL: multi-row INSERT through Kysely). Call inside the import's transaction. */
export async function writeImportAggregates(db: Kysely<Database>, importId: number, waveId: number, acc: AggregateAccumulator): Promise<void> {
  const rows = acc.rows(importId, waveId);
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('import_aggregates').values(rows.slice(i, i + 500)).execute();
  }
}

/** Removes an import's aggregates: its respondents no longer count. Call inside the undo transaction. */
export async function deleteImportAggregates(db: Kysely<Database>, importId: number): Promise<void> {
  await db.deleteFrom('import_aggregates').where('import_id', '=', importId).execute();
}

/**
 * Recomputes one import's aggregates from its stored respondents (the
 * migration's backfill, and a repair tool). Replaces what was there.
 */
export async function rebuildImportAggregates(db: Kysely<Database>, importId: number): Promise<void> {
  const imp = await db
    .selectFrom('imports')
    .innerJoin('waves', 'waves.id', 'imports.wave_id')
    .select(['imports.id', 'imports.wave_id', 'waves.instrument_id'])
    .where('imports.id', '=', importId)
    .executeTakeFirstOrThrow();
  const acc = new AggregateAccumulator(await getInstrument(db, imp.instrument_id));
  const rows = await db.selectFrom('respondents').select(['city_id', 'weight', 'segments', 'answers']).where('import_id', '=', importId).execute();
  for (const r of rows) {
    acc.add(r.city_id, r.weight, r.segments ? (JSON.parse(r.segments) as Record<string, string>) : null, decodeAnswers(r.answers));
  }
  await deleteImportAggregates(db, importId);
  await writeImportAggregates(db, importId, imp.wave_id, acc);
}

const toMoments = (r: { n: unknown; sum_w: unknown; sum_w2: unknown; sum_wx: unknown; sum_wxx: unknown }): Moments => ({
  n: Number(r.n),
  sumW: Number(r.sum_w),
  sumW2: Number(r.sum_w2),
  sumWX: Number(r.sum_wx),
  sumWXX: Number(r.sum_wxx),
});

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
  segment?: { readonly key: string; readonly value: string } | { readonly key: string; readonly values: readonly string[] },
  reliability?: ReliabilityPlan,
): Promise<Map<string, CityMoments>> {
  const values = !segment ? [ALL_SEGMENTS] : 'values' in segment ? segment.values : [segment.value];
  if (values.length === 0) return new Map();
  const rows = await db
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
    .where('segment_key', '=', segment?.key ?? ALL_SEGMENTS)
    .where('segment_value', 'in', values)
    .groupBy(['city_id', 'node_key'])
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
