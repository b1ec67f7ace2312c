import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { countCommittedImports } from '../db/repositories/imports.js';
import { loadCityMoments, loadQuestionMoments } from '../db/repositories/score-aggregates.js';
import { listWaveSegmentValues } from '../db/repositories/wave-segment-values.js';
import { listWaves } from '../db/repositories/waves.js';
import { cityScore } from '../domain/city-scores.js';
import type { Moments } from '../domain/moments.js';
import { questionMeansOf, type QuestionMean } from '../domain/question-means.js';
import { suppressComplements } from '../domain/segment-suppression.js';
import { cachedRead } from './read-cache.js';
import { matchingValues, parseSegment, segmentOptions, type SegmentFilter } from '../domain/segment-filter.js';
import { loadWaveScoring, type WaveScoring } from './wave-scoring.js';

/** A wave as the dashboards show it: scored (for a segment, when asked), with what the controls need. */
export interface DashboardWave {
  /** The scores shown: of the segment's respondents when a segment is set, else of all. */
  readonly ws: WaveScoring;
  /** The scores of all respondents (the same object as `ws` without a segment). */
  readonly full: WaveScoring;
  readonly segment: SegmentFilter | null;
  /** The stored spellings of the segment's value (`it`, `IT`): what its figures are summed over. */
  readonly segmentValues: readonly string[];
  /** Values found per segment column of the wave, for the segment control. */
  readonly segmentOptions: Record<string, string[]>;
  /** Committed imports of the wave. */
  readonly imports: number;
}

/**
 * Loads a wave for the dashboards. With a segment (`role:it`) every city is
 * scored over that segment's respondents only, and figures that would let the
 * rest of the city be recovered by subtraction are suppressed too. Everything
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
  const [found, imports] = await Promise.all([listWaveSegmentValues(db, full.wave.id), countCommittedImports(db, full.wave.id)]);
  const values = segment ? matchingValues(found, segment) : [];
  const ws = segment ? await scoreSegment(db, full, segment, values) : full;
  return { ws, full, segment, segmentValues: values, segmentOptions: segmentOptions(full.instrument, found), imports };
}

/**
 * The wave scored over one segment's respondents (the aggregates' rows of the
 * stored spellings `values` of the segment value), reusing the instrument and
 * city directory already loaded for the whole wave; complements suppressed.
 */
async function scoreSegment(db: Kysely<Database>, full: WaveScoring, segment: SegmentFilter, values: readonly string[]): Promise<WaveScoring> {
  const slugById = new Map(full.directory.cities.map((c) => [c.id, c.slug]));
  const moments = await loadCityMoments(db, full.wave.id, full.scorer, (id) => slugById.get(id)!, { key: segment.key, values });
  const scored = [...moments.values()].map((m) => cityScore(full.instrument, full.scorer, m));
  const citiesBySlug = new Map([...full.citiesBySlug].filter(([slug]) => moments.has(slug)));
  const cities = suppressComplements(scored, full.cities, full.instrument.minRespondents).sort((a, b) =>
    citiesBySlug.get(a.city)!.name.localeCompare(citiesBySlug.get(b.city)!.name),
  );
  return { ...full, citiesBySlug, moments, cities };
}

/**
 * Question scores (mean item score per question, suppressed below the
 * threshold and, in a segment, by subtraction) of some cities of a wave,
 * from the aggregates' question rows (never the answers); cached under the data version.
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
  const { full, segment } = dw;
  const ids = [...full.citiesBySlug.values()].filter((c) => slugs.includes(c.slug)).map((c) => c.id);
  if (ids.length === 0) return new Map();
  const instrument = full.instrument;
  const means = (moments: Map<number, Moments[]>) => new Map([...moments].map(([id, m]) => [id, questionMeansOf(instrument, (_q, i) => m[i])]));
  const all = means(await loadQuestionMoments(db, full.wave.id, instrument, ids));
  const shown = segment ? means(await loadQuestionMoments(db, full.wave.id, instrument, ids, { key: segment.key, values: dw.segmentValues })) : all;
  const min = instrument.minRespondents;
  const none = instrument.questions.map((q) => ({ code: q.code, n: 0, score: null, suppressed: true }));
  const out = new Map<string, QuestionMean[]>();
  for (const slug of slugs) {
    const id = full.citiesBySlug.get(slug)?.id;
    const scores = (id !== undefined ? shown.get(id) : undefined) ?? none;
    const totals = (id !== undefined ? all.get(id) : undefined) ?? none;
    out.set(
      slug,
      scores.map((q, i) => {
        const rest = totals[i]!.n - q.n;
        return segment && rest > 0 && rest < min && !q.suppressed ? { ...q, score: null, suppressed: true } : q;
      }),
    );
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
  const waves = (await listWaves(db)).filter((w) => w.instrumentId === dw.full.instrument.id).sort((a, b) => a.year - b.year);
  const points: TrendPoint[] = [];
  for (const w of waves) {
    const wave = w.year === dw.full.wave.year ? dw : await loadDashboardWave(db, w.year, w.instrumentId, segmentText(dw.segment));
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
