import type SQLite from 'better-sqlite3';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { CityMoments } from '../../domain/city-scores.js';
import type { Instrument } from '../../domain/instrument.js';
import type { Moments } from '../../domain/moments.js';
import type { ItemMoments, ReliabilityPlan } from '../../domain/reliability.js';
import type { RespondentScorer } from '../../domain/respondent-scores.js';
import {
  addPackedQuestionMoments,
  AggregateAccumulator,
  type AggregateRowSource,
  ALL_SEGMENTS,
  ALPHA_PREFIX,
  FIELDS,
  RESPONDENTS_NODE,
} from '../../domain/aggregate-accumulator.js';
import { pgCopyRows, type CopyColumnType } from '../bulk/pg-copy-writer.js';
import type { PgSession } from '../bulk/pg-session.js';
import { decodeAnswers } from '../codecs/answer-codec.js';
import { decodeSegments } from '../codecs/segment-codec.js';
import { importRespondentRange } from './respondent-range.js';
import { lockedTransaction } from '../write-lock.js';
import { getInstrument } from './instruments.js';
import type { Database, ImportAggregateTable, ImportQuestionAggregateTable } from '../schema.js';

/**
 * Stores an import's aggregates, city by city as `source` gives them. Call
 * inside the import's transaction. With `sqlite` (the raw connection that
 * transaction runs on): prepared statements, 50 rows each; with `pg` (the
 * import's PostgreSQL session): binary COPY statements of about 256 KiB per table,
 * the two tables' alternating as their buffers fill; otherwise multi-row
 * INSERTs through Kysely. Only a city or two is held at once.
 */
export async function writeImportAggregates(
  db: Kysely<Database>,
  importId: number,
  waveId: number,
  source: AggregateRowSource,
  sqlite?: SQLite.Database,
  pg?: PgSession,
): Promise<void> {
  const batch = sqlite ? 50 : 500;
  const columns = NODE_COLUMNS.map(([name]) => name);
  const questionColumns = QUESTION_COLUMNS.map(([name]) => name);
  const nodes = pg
    ? pgCopyRows(pg, 'import_aggregates', NODE_COLUMNS)
    : batchWriter(db, sqlite, 'import_aggregates', columns, batch);
  const questions = pg
    ? pgCopyRows(pg, 'import_question_aggregates', QUESTION_COLUMNS)
    : batchWriter(db, sqlite, 'import_question_aggregates', questionColumns, batch);
  for await (const city of source.rows(importId, waveId)) {
    for (const row of city.nodes) await nodes.add(row);
    for (const row of city.questions) await questions.add(row);
  }
  await nodes.flush();
  await questions.flush();
}

/** The columns of the two aggregate tables, with their PostgreSQL types (for binary COPY). */
const NODE_COLUMNS: readonly (readonly [keyof ImportAggregateTable, CopyColumnType])[] = [
  ['import_id', 'int4'],
  ['wave_id', 'int4'],
  ['city_id', 'int4'],
  ['segment_key', 'text'],
  ['segment_value', 'text'],
  ['node_key', 'text'],
  ['n', 'int4'],
  ['sum_w', 'float8'],
  ['sum_w2', 'float8'],
  ['sum_wx', 'float8'],
  ['sum_wxx', 'float8'],
  ['min_x', 'float8'],
  ['max_x', 'float8'],
];
const QUESTION_COLUMNS: readonly (readonly [keyof ImportQuestionAggregateTable, CopyColumnType])[] = [
  ['import_id', 'int4'],
  ['wave_id', 'int4'],
  ['city_id', 'int4'],
  ['segment_key', 'text'],
  ['segment_value', 'text'],
  ['moments', 'bytea'],
];

/** Rows into `table`, `batch` per INSERT: prepared statements on SQLite's raw connection, Kysely otherwise. */
function batchWriter<T extends 'import_aggregates' | 'import_question_aggregates'>(
  db: Kysely<Database>,
  sqlite: SQLite.Database | undefined,
  table: T,
  columns: readonly (keyof Database[T] & string)[],
  batch: number,
) {
  const statement = (count: number) =>
    sqlite!.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: count }, () => `(${columns.map(() => '?').join(',')})`).join(',')}`,
    );
  const many = sqlite ? statement(batch) : null;
  let pending: Database[T][] = [];
  const store = async (rows: Database[T][]) => {
    if (rows.length === 0) return;
    if (!sqlite) {
      await db
        .insertInto(table)
        .values(rows as never)
        .execute();
      return;
    }
    const params = rows.flatMap((r) => columns.map((c) => r[c]));
    (rows.length === batch ? many! : statement(rows.length)).run(params);
  };
  return {
    async add(row: Database[T]) {
      pending.push(row);
      if (pending.length === batch) {
        await store(pending);
        pending = [];
      }
    },
    async flush() {
      await store(pending);
      pending = [];
    },
  };
}

/** Removes an import's aggregates: its respondents no longer count. Call inside the undo transaction. */
export async function deleteImportAggregates(db: Kysely<Database>, importId: number): Promise<void> {
  await db.deleteFrom('import_aggregates').where('import_id', '=', importId).execute();
  await db.deleteFrom('import_question_aggregates').where('import_id', '=', importId).execute();
}

/**
 * Recomputes one import's aggregates from its stored respondents (after an
 * upgrade, and a repair tool). Replaces what was there.
 */
export async function rebuildImportAggregates(db: Kysely<Database>, importId: number): Promise<void> {
  const imp = await db
    .selectFrom('imports')
    .innerJoin('waves', 'waves.id', 'imports.wave_id')
    .select(['imports.id', 'imports.wave_id', 'waves.instrument_id'])
    .where('imports.id', '=', importId)
    .executeTakeFirstOrThrow();
  const instrument = await getInstrument(db, imp.instrument_id);
  const acc = new AggregateAccumulator(instrument);
  const keys = instrument.segments.map((s) => s.key);
  const range = await importRespondentRange(db, importId);
  let query = db
    .selectFrom('respondents')
    .select(['city_id', 'weight', 'segments', 'answers'])
    .where('import_id', '=', importId);
  if (range) query = query.where('id', '>=', range.first).where('id', '<=', range.last);
  const rows = await query.execute();
  for (const r of rows) acc.add(r.city_id, r.weight, decodeSegments(keys, r.segments), decodeAnswers(r.answers));
  await deleteImportAggregates(db, importId);
  await writeImportAggregates(db, importId, imp.wave_id, acc);
}

/**
 * Committed imports whose aggregates are missing or older than their columns:
 * stored before the aggregate tables existed (migrations 0004 and 0011 create
 * them) or before the score ranges (0016 adds `min_x`, `max_x`). The rows are
 * derived data, computed by the current code, not by the frozen migrations.
 * Every import writes its question row per city (so none means "never
 * aggregated"), and a range on every score row (`~` rows are alpha statistics).
 */
async function importsWithoutAggregates(db: Kysely<Database>): Promise<number[]> {
  const rows = await db
    .selectFrom('imports')
    .select('id')
    .where('status', '=', 'committed')
    .where(({ or, not, exists, selectFrom }) =>
      or([
        not(
          exists(
            selectFrom('import_question_aggregates as q')
              .select('q.import_id')
              .whereRef('q.import_id', '=', 'imports.id'),
          ),
        ),
        exists(
          selectFrom('import_aggregates as a')
            .select('a.import_id')
            .whereRef('a.import_id', '=', 'imports.id')
            .where('a.node_key', '<>', RESPONDENTS_NODE)
            .where('a.node_key', 'not like', '~%')
            .where('a.min_x', 'is', null),
        ),
      ]),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Aggregates every committed import that has none (once, after an upgrade); one transaction under the import lock. */
export async function rebuildMissingAggregates(db: Kysely<Database>): Promise<void> {
  if ((await importsWithoutAggregates(db)).length === 0) return;
  await lockedTransaction(db, 'import', async (trx) => {
    for (const id of await importsWithoutAggregates(trx)) await rebuildImportAggregates(trx, id);
  });
}

/** The aggregate rows of one segment value, or of several stored spellings of it (`it`, `IT`). */
export type SegmentRows =
  { readonly key: string; readonly value: string } | { readonly key: string; readonly values: readonly string[] };

const segmentValuesOf = (segment: SegmentRows | undefined): readonly string[] =>
  !segment ? [ALL_SEGMENTS] : 'values' in segment ? segment.values : [segment.value];

interface MomentRow {
  n: unknown;
  sum_w: unknown;
  sum_w2: unknown;
  sum_wx: unknown;
  sum_wxx: unknown;
  min_x?: unknown;
  max_x?: unknown;
  /** Rows pooled, and how many of them carried a range: the range is known only when all did. */
  rows?: unknown;
  ranged?: unknown;
}

const toMoments = (r: MomentRow): Moments => {
  const m: Moments = {
    n: Number(r.n),
    sumW: Number(r.sum_w),
    sumW2: Number(r.sum_w2),
    sumWX: Number(r.sum_wx),
    sumWXX: Number(r.sum_wxx),
  };
  if (
    r.min_x !== null &&
    r.min_x !== undefined &&
    r.max_x !== null &&
    r.max_x !== undefined &&
    Number(r.rows) === Number(r.ranged)
  ) {
    m.min = Number(r.min_x);
    m.max = Number(r.max_x);
  }
  return m;
};

/** The sums of `import_aggregates` rows pooled by a GROUP BY (`rows`, `ranged`: see `MomentRow`). */
const pooledSums = (eb: ExpressionBuilder<Database, 'import_aggregates'>) =>
  [
    eb.fn.sum<number>('n').as('n'),
    eb.fn.sum<number>('sum_w').as('sum_w'),
    eb.fn.sum<number>('sum_w2').as('sum_w2'),
    eb.fn.sum<number>('sum_wx').as('sum_wx'),
    eb.fn.sum<number>('sum_wxx').as('sum_wxx'),
    eb.fn.min<number | null>('min_x').as('min_x'),
    eb.fn.max<number | null>('max_x').as('max_x'),
    eb.fn.countAll<number>().as('rows'),
    eb.fn.count<number>('min_x').as('ranged'),
  ] as const;

type CityAccumulator = { city: string; respondents: number; nodes: Moments[]; items?: ItemMoments[] };

const emptyCity = (city: string, slots: number): CityAccumulator => ({
  city,
  respondents: 0,
  nodes: Array.from({ length: slots }, () => ({ n: 0, sumW: 0, sumW2: 0, sumWX: 0, sumWXX: 0 })),
});

/** A pooled row of the respondents node or of a scored node into its city; rows of other nodes are skipped. */
function addNodeRow(acc: CityAccumulator, r: MomentRow & { node_key: string }, scorer: RespondentScorer): void {
  if (r.node_key === RESPONDENTS_NODE) {
    acc.respondents = Number(r.n);
    return;
  }
  const slot = scorer.slotOf.get(r.node_key);
  if (slot !== undefined) acc.nodes[slot] = toMoments(r);
}

/** Packed question sums (FIELDS per question, instrument order) as one `Moments` per question. */
const unpackQuestions = (s: Float64Array, count: number): Moments[] =>
  Array.from({ length: count }, (_, q) => {
    const o = q * FIELDS;
    return { n: s[o]!, sumW: s[o + 1]!, sumW2: s[o + 2]!, sumWX: s[o + 3]!, sumWXX: s[o + 4]! };
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
  segment?: SegmentRows,
  reliability?: ReliabilityPlan,
): Promise<Map<string, CityMoments>> {
  const values = segmentValuesOf(segment);
  if (values.length === 0) return new Map();
  const rows = await db
    .selectFrom('import_aggregates')
    .select((eb) => ['city_id', 'node_key', ...pooledSums(eb)])
    .where('wave_id', '=', waveId)
    .where('segment_key', '=', segment?.key ?? ALL_SEGMENTS)
    .where('segment_value', 'in', [...values])
    .groupBy(['city_id', 'node_key'])
    .orderBy('city_id')
    .execute();
  const out = new Map<string, CityAccumulator>();
  const dimensionIndex = new Map(reliability?.dimensions.map((d, i) => [d.key, i]) ?? []);
  const slots = scorer.nodeKeys.length;
  for (const r of rows) {
    const city = cityKey(r.city_id);
    let acc = out.get(city);
    if (!acc) {
      acc = emptyCity(city, slots);
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
    addNodeRow(acc, r, scorer);
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
  const rows = await db
    .selectFrom('import_question_aggregates')
    .select(['city_id', 'moments'])
    .where('wave_id', '=', waveId)
    .where('segment_key', '=', segment?.key ?? ALL_SEGMENTS)
    .where('segment_value', 'in', [...values])
    .where('city_id', 'in', [...cityIds])
    .execute();
  // Pooled over the wave's imports (and stored spellings) by adding the packed sums.
  const sums = new Map<number, Float64Array>();
  for (const r of rows) {
    const cityId = Number(r.city_id);
    let into = sums.get(cityId);
    if (!into) sums.set(cityId, (into = new Float64Array(instrument.questions.length * FIELDS)));
    addPackedQuestionMoments(into, r.moments);
  }
  for (const [cityId, s] of sums) out.set(cityId, unpackQuestions(s, instrument.questions.length));
  return out;
}

/**
 * Every part of one segment column (`role`: it, legal, …) of every city of a
 * wave, from the aggregates: per value as stored (spellings that differ only
 * in case are separate entries; `partitionOf` pools them), per city its moments.
 */
export async function loadColumnMoments(
  db: Kysely<Database>,
  waveId: number,
  scorer: RespondentScorer,
  cityKey: (cityId: number) => string,
  segmentKey: string,
): Promise<Map<string, Map<string, CityMoments>>> {
  const rows = await db
    .selectFrom('import_aggregates')
    .select((eb) => ['segment_value', 'city_id', 'node_key', ...pooledSums(eb)])
    .where('wave_id', '=', waveId)
    .where('segment_key', '=', segmentKey)
    .groupBy(['segment_value', 'city_id', 'node_key'])
    .orderBy('segment_value')
    .orderBy('city_id')
    .execute();
  const out = new Map<string, Map<string, CityAccumulator>>();
  const slots = scorer.nodeKeys.length;
  for (const r of rows) {
    let byCity = out.get(r.segment_value);
    if (!byCity) out.set(r.segment_value, (byCity = new Map()));
    const city = cityKey(r.city_id);
    let acc = byCity.get(city);
    if (!acc) byCity.set(city, (acc = emptyCity(city, slots)));
    addNodeRow(acc, r, scorer);
  }
  return out;
}

/**
 * Per city (of `cityIds`), per stored value of one segment column, the question
 * moments (instrument order), pooled over the wave's imports: the parts of
 * the question-level partition.
 */
export async function loadColumnQuestionMoments(
  db: Kysely<Database>,
  waveId: number,
  instrument: Instrument,
  cityIds: readonly number[],
  segmentKey: string,
): Promise<Map<number, Map<string, Moments[]>>> {
  const out = new Map<number, Map<string, Moments[]>>();
  if (cityIds.length === 0) return out;
  const rows = await db
    .selectFrom('import_question_aggregates')
    .select(['city_id', 'segment_value', 'moments'])
    .where('wave_id', '=', waveId)
    .where('segment_key', '=', segmentKey)
    .where('city_id', 'in', [...cityIds])
    .execute();
  const sums = new Map<number, Map<string, Float64Array>>();
  for (const r of rows) {
    const cityId = Number(r.city_id);
    let byValue = sums.get(cityId);
    if (!byValue) sums.set(cityId, (byValue = new Map()));
    let into = byValue.get(r.segment_value);
    if (!into) byValue.set(r.segment_value, (into = new Float64Array(instrument.questions.length * FIELDS)));
    addPackedQuestionMoments(into, r.moments);
  }
  for (const [cityId, byValue] of sums) {
    out.set(
      cityId,
      new Map([...byValue].map(([value, s]) => [value, unpackQuestions(s, instrument.questions.length)])),
    );
  }
  return out;
}
