import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  loadColumnMoments,
  loadColumnQuestionMoments,
  loadQuestionMoments,
} from '../db/repositories/score-aggregates.js';
import { countCommittedImports } from '../db/repositories/imports.js';
import { listWaveSegmentValues } from '../db/repositories/wave-segment-values.js';
import { listWaves } from '../db/repositories/waves.js';
import { partitionScores, type CityMoments, type CityScore } from '../domain/city-scores.js';
import { emptyMoments, poolMoments } from '../domain/moments.js';
import {
  partitionQuestionMeans,
  questionDimensions,
  questionMeansOf,
  type QuestionMean,
} from '../domain/question-means.js';
import { cachedRead } from './read-cache.js';
import { parseSegment, segmentOptions, type SegmentFilter } from '../domain/segment-filter.js';
import { loadWaveScoring, type WaveScoring } from './wave-scoring.js';

/** A wave as the dashboards show it: scored (for a segment, when asked), with what the controls need. */
export interface DashboardWave {
  /** The scores shown: of the segment's respondents when a segment is set, else of all. */
  readonly ws: WaveScoring;
  /** The scores of all respondents (the same object as `ws` without a segment). */
  readonly full: WaveScoring;
  readonly segment: SegmentFilter | null;
  /** With a segment: every part of its column per city, for the partition rule. */
  readonly partition?: SegmentPartition;
  /** Values found per segment column of the wave, for the segment control. */
  readonly segmentOptions: Record<string, string[]>;
  /** Committed imports of the wave. */
  readonly imports: number;
}

/**
 * Loads a wave for the dashboards, the API and the CLI. With a segment
 * (`role:it`) every city is scored over that segment's respondents only, and
 * figures that would let a small group be recovered by subtraction are
 * suppressed too (`disclosureControl`, via `partitionScores`). Everything
 * comes from the aggregates (no respondent is read), and the result is cached
 * under the data version (`cachedRead`): treat it as read-only.
 */
export async function loadDashboardWave(
  db: Kysely<Database>,
  year: number,
  instrumentId: string | undefined,
  segmentText: string | undefined,
): Promise<DashboardWave> {
  const key = `dashboard-wave|${year}|${instrumentId ?? ''}|${segmentText ?? ''}`;
  return cachedRead(db, key, () => computeDashboardWave(db, year, instrumentId, segmentText));
}

async function computeDashboardWave(
  db: Kysely<Database>,
  year: number,
  instrumentId: string | undefined,
  segmentText: string | undefined,
): Promise<DashboardWave> {
  const full = await loadWaveScoring(db, year, instrumentId);
  const segment = parseSegment(full.instrument, segmentText);
  const [found, imports] = await Promise.all([
    listWaveSegmentValues(db, full.wave.id),
    countCommittedImports(db, full.wave.id),
  ]);
  const scored = segment ? await scoreSegment(db, full, segment) : undefined;
  return {
    ws: scored?.ws ?? full,
    full,
    segment,
    ...(scored ? { partition: scored.partition } : {}),
    segmentOptions: segmentOptions(full.instrument, found),
    imports,
  };
}

/** The parts of one segment column in each city: what a segment's figures are checked against. */
export interface SegmentPartition {
  /** Values of the column found in the wave, lower-cased (spellings that differ in case are one part). */
  readonly values: readonly string[];
  /** The part shown (index into `values`). */
  readonly selected: number;
  /** Per city slug, the moments of each part (`values` order; empty where the city has none). */
  readonly parts: ReadonlyMap<string, readonly CityMoments[]>;
}

/**
 * The wave scored over one segment's respondents, reusing the instrument and
 * city directory already loaded for the whole wave. Every part of the
 * segment's column is loaded, so that each city's figures go through the
 * partition rule (`partitionScores`); so does the previous wave (for trends).
 */
async function scoreSegment(
  db: Kysely<Database>,
  full: WaveScoring,
  segment: SegmentFilter,
): Promise<{ ws: WaveScoring; partition: SegmentPartition }> {
  const slugById = new Map(full.directory.cities.map((c) => [c.id, c.slug]));
  const slug = (id: number) => slugById.get(id)!;
  const now = await partitionOfWave(db, full, full.wave.id, full.moments, slug, segment);
  const citiesBySlug = new Map([...full.citiesBySlug].filter(([s]) => now.moments.has(s)));
  const cities = now.cities.sort((a, b) =>
    citiesBySlug.get(a.city)!.name.localeCompare(citiesBySlug.get(b.city)!.name),
  );
  const before = full.previous
    ? await partitionOfWave(db, full, full.previous.wave.id, full.previous.moments, slug, segment)
    : undefined;
  const previous =
    full.previous && before
      ? { previous: { wave: full.previous.wave, moments: before.moments, cities: before.cities } }
      : {};
  const { previous: _unsegmented, ...rest } = full;
  return {
    ws: {
      ...rest,
      ...previous,
      segment: `${segment.key}:${segment.value}`,
      citiesBySlug,
      moments: now.moments,
      cities,
    },
    partition: now.partition,
  };
}

async function partitionOfWave(
  db: Kysely<Database>,
  full: WaveScoring,
  waveId: number,
  totals: ReadonlyMap<string, CityMoments>,
  slug: (id: number) => string,
  segment: SegmentFilter,
) {
  const stored = await loadColumnMoments(db, waveId, full.scorer, slug, segment.key);
  const byValue = new Map<string, Map<string, CityMoments>[]>();
  for (const [value, byCity] of stored) {
    const v = value.toLowerCase();
    byValue.set(v, [...(byValue.get(v) ?? []), byCity]);
  }
  const values = [...byValue.keys()].sort();
  const selected = values.indexOf(segment.value.toLowerCase());
  const slots = full.scorer.nodeKeys.length;
  const parts = new Map<string, CityMoments[]>();
  const moments = new Map<string, CityMoments>();
  const cities: CityScore[] = [];
  for (const [city, total] of totals) {
    const own = values.map((v) =>
      poolCityMoments(
        city,
        slots,
        (byValue.get(v) ?? []).map((m) => m.get(city)).filter((m) => m !== undefined),
      ),
    );
    if (selected < 0 || own[selected]!.respondents === 0) continue;
    parts.set(city, own);
    moments.set(city, own[selected]!);
    cities.push(partitionScores(full.instrument, full.scorer, total, own)[selected]!);
  }
  return { moments, cities, partition: { values, selected, parts } satisfies SegmentPartition };
}

/** The moments of the union of disjoint groups of one city (stored spellings of one value). */
function poolCityMoments(city: string, slots: number, groups: readonly CityMoments[]): CityMoments {
  const nodes = Array.from({ length: slots }, (_, s) => poolMoments(groups.map((g) => g.nodes[s]!)));
  return { city, respondents: groups.reduce((sum, g) => sum + g.respondents, 0), nodes };
}

/**
 * Question scores (mean item score per question) of some cities of a wave,
 * from the aggregates' question rows (never the answers), through the same
 * rule as every other figure: suppressed below the threshold, with their
 * dimension, and in a segment by the partition rule; cached under the data version.
 */
export async function loadQuestionScores(
  db: Kysely<Database>,
  dw: DashboardWave,
  slugs: readonly string[],
): Promise<Map<string, QuestionMean[]>> {
  const key = `question-scores|${dw.full.wave.id}|${segmentText(dw.segment) ?? ''}|${slugs.join(',')}`;
  return cachedRead(db, key, () => computeQuestionScores(db, dw, slugs));
}

async function computeQuestionScores(
  db: Kysely<Database>,
  dw: DashboardWave,
  slugs: readonly string[],
): Promise<Map<string, QuestionMean[]>> {
  const { full, segment, partition } = dw;
  const ids = [...full.citiesBySlug.values()].filter((c) => slugs.includes(c.slug)).map((c) => c.id);
  if (ids.length === 0) return new Map();
  const instrument = full.instrument;
  const dimensionOf = questionDimensions(instrument);
  const forcedBy = (score: CityScore | undefined) => dimensionOf.map((d) => score?.dimensions[d]?.suppressed ?? true);
  const all = await loadQuestionMoments(db, full.wave.id, instrument, ids);
  const byValue = segment ? await loadColumnQuestionMoments(db, full.wave.id, instrument, ids, segment.key) : undefined;
  const empty = () => instrument.questions.map(emptyMoments);
  const none = instrument.questions.map((q) => ({ code: q.code, n: null, score: null, suppressed: true }));
  const out = new Map<string, QuestionMean[]>();
  for (const slug of slugs) {
    const city = full.citiesBySlug.get(slug);
    const totals = city ? all.get(city.id) : undefined;
    if (!city || !totals) {
      out.set(slug, none);
      continue;
    }
    const fullScore = full.cities.find((c) => c.city === slug);
    if (!segment || !partition) {
      out.set(
        slug,
        questionMeansOf(instrument, (_q, i) => totals[i], forcedBy(fullScore)),
      );
      continue;
    }
    const nodeParts = partition.parts.get(slug);
    const stored = byValue?.get(city.id);
    if (!nodeParts || !stored || !fullScore) {
      out.set(slug, none);
      continue;
    }
    const parts = partition.values.map((v) => {
      const groups = [...stored].filter(([value]) => value.toLowerCase() === v).map(([, m]) => m);
      return groups.length === 0 ? empty() : instrument.questions.map((_, q) => poolMoments(groups.map((g) => g[q]!)));
    });
    const partScores = partitionScores(instrument, full.scorer, full.moments.get(slug)!, nodeParts);
    const means = partitionQuestionMeans(instrument, totals, parts, forcedBy(fullScore), partScores.map(forcedBy));
    out.set(slug, means[partition.selected]!);
  }
  return out;
}

/** One wave of a city's trend. */
export interface TrendPoint {
  readonly wave: number;
  readonly index: WaveScoring['cities'][number]['index'] | null;
  /** Dimension scores in instrument order; null where the city has no respondents that wave. */
  readonly dimensions: readonly (WaveScoring['cities'][number]['dimensions'][number] | null)[];
}

/** A city's scores in every wave of the same instrument, oldest first (the segment applied to each wave). */
export async function loadCityTrend(db: Kysely<Database>, dw: DashboardWave, slug: string): Promise<TrendPoint[]> {
  const waves = (await listWaves(db))
    .filter((w) => w.instrumentId === dw.full.instrument.id)
    .sort((a, b) => a.year - b.year);
  const points: TrendPoint[] = [];
  for (const w of waves) {
    const wave =
      w.year === dw.full.wave.year ? dw : await loadDashboardWave(db, w.year, w.instrumentId, segmentText(dw.segment));
    const city = wave.ws.cities.find((c) => c.city === slug);
    points.push({
      wave: w.year,
      index: city?.index ?? null,
      dimensions: dw.full.instrument.dimensions.map((_, d) => city?.dimensions[d] ?? null),
    });
  }
  return points;
}

export function segmentText(segment: SegmentFilter | null): string | undefined {
  return segment ? `${segment.key}:${segment.value}` : undefined;
}
