import type { Kysely } from 'kysely';
import { loadCityDirectory, type City, type CityDirectory } from '../db/repositories/cities.js';
import { waveHasSyntheticImport, waveImportVersion } from '../db/repositories/imports.js';
import { getInstrument, instrumentSha256 } from '../db/repositories/instruments.js';
import { listPeerGroups } from '../db/repositories/peer-groups.js';
import type { Database } from '../db/schema.js';
import { previousWave, resolveWave, type Wave } from '../db/repositories/waves.js';
import { loadCityMoments } from '../db/repositories/score-aggregates.js';
import { cityScore, type CityMoments, type CityScore } from '../domain/city-scores.js';
import type { Instrument } from '../domain/instrument.js';
import { compileReliability, type ReliabilityPlan } from '../domain/reliability.js';
import { compileScorer, type RespondentScorer } from '../domain/respondent-scores.js';
import { cachedRead } from './read-cache.js';

/** The scores of one wave's cities, keyed by slug (the domain's city id). */
export interface ScoredWave {
  readonly wave: Wave;
  readonly moments: ReadonlyMap<string, CityMoments>;
  /** Scores per city (order of first appearance). */
  readonly cities: readonly CityScore[];
}

/** Everything the pages, API, CLI and reports need about one scored wave. */
export interface WaveScoring {
  readonly wave: Wave;
  readonly instrument: Instrument;
  /** Cities of the wave, by slug (the domain's city id). */
  readonly citiesBySlug: ReadonlyMap<string, City>;
  /** Every known city with its aliases (for resolving names in peer lists). */
  readonly directory: CityDirectory;
  readonly scorer: RespondentScorer;
  readonly reliability: ReliabilityPlan;
  readonly moments: ReadonlyMap<string, CityMoments>;
  /** Scores per city, sorted by city name. */
  readonly cities: readonly CityScore[];
  /** True when any import of the wave is generated demo data. */
  readonly synthetic: boolean;
  /** Saved peer groups: lower-cased name → spec (`group:<name>`). */
  readonly peerGroups: ReadonlyMap<string, string>;
  /** The segment the figures are of (`role:it`), when scored for one (`loadDashboardWave`). */
  readonly segment?: string;
  /** The previous wave of the same instrument, scored, for trends; undefined when there is none. */
  readonly previous?: ScoredWave;
}

/**
 * A wave's scores from the stored aggregates (kept up to date by import and
 * undo; no raw-answer scan), cached per database version (see `scoredWave`).
 * City slugs are attached per request, so a renamed city is never stale.
 */
async function scoreWave(db: Kysely<Database>, wave: Wave, instrument: Instrument, directory: CityDirectory) {
  const byId = new Map(directory.cities.map((c) => [c.id, c]));
  const scored = await scoredWave(db, wave, instrument);
  const slug = (cityId: number) => byId.get(cityId)!.slug;
  const moments = new Map<string, CityMoments>();
  for (const [cityId, m] of scored.moments) moments.set(slug(cityId), { ...m, city: slug(cityId) });
  return {
    scorer: scored.scorer,
    reliability: scored.reliability,
    moments,
    cities: scored.cities.map((c) => ({ ...c.score, city: slug(c.cityId) })),
  };
}

interface CachedWave {
  readonly scorer: RespondentScorer;
  readonly reliability: ReliabilityPlan;
  readonly moments: ReadonlyMap<number, CityMoments>;
  readonly cities: readonly { readonly cityId: number; readonly score: CityScore }[];
}

/**
 * Scored waves, keyed by what they are computed from as the database states
 * it: the wave, the instrument's sha256, and the wave's import version (the
 * highest import id and the number of committed imports: every import adds
 * an id, every undo lowers the count, in the same transaction that changes
 * the aggregates). So a hit is never stale, also with several app processes
 * on one database. One cache per open database; small: the last few waves asked for.
 */
const scoredCaches = new WeakMap<Kysely<Database>, Map<string, CachedWave>>();
const SCORED_CACHE_SIZE = 8;

async function scoredWave(db: Kysely<Database>, wave: Wave, instrument: Instrument): Promise<CachedWave> {
  const version = await waveImportVersion(db, wave.id);
  const sha256 = await instrumentSha256(db, instrument.id);
  const key = `${wave.id}|${sha256}|${String(version.maxId)}|${String(version.committed)}`;
  let cache = scoredCaches.get(db);
  if (!cache) scoredCaches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const scorer = compileScorer(instrument);
  const reliability = compileReliability(instrument);
  const moments = await loadCityMoments(db, wave.id, scorer, String, undefined, reliability);
  const byCity = new Map<number, CityMoments>();
  for (const [id, m] of moments) byCity.set(Number(id), m);
  const scored: CachedWave = {
    scorer,
    reliability,
    moments: byCity,
    cities: [...byCity].map(([cityId, m]) => ({ cityId, score: cityScore(instrument, scorer, m) })),
  };
  if (cache.size >= SCORED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, scored);
  return scored;
}

/**
 * Loads a wave's city moments (from the aggregates) and scores every city (db → domain); also the
 * previous wave of the same instrument (for trends) unless `previous: false`.
 * Cached under the database's data version (`cachedRead`): a request that hits
 * costs one small query, not the instrument's validation, the city directory,
 * peer groups and scoring. The result is shared between requests: treat it as read-only.
 */
export async function loadWaveScoring(
  db: Kysely<Database>,
  year: number,
  instrumentId?: string,
  options: { previous?: boolean } = {},
): Promise<WaveScoring> {
  const key = `wave-scoring|${year}|${instrumentId ?? ''}|${options.previous === false ? 'alone' : 'with-previous'}`;
  return cachedRead(db, key, () => computeWaveScoring(db, year, instrumentId, options));
}

async function computeWaveScoring(
  db: Kysely<Database>,
  year: number,
  instrumentId: string | undefined,
  options: { previous?: boolean },
): Promise<WaveScoring> {
  const wave = await resolveWave(db, year, instrumentId);
  const instrument = await getInstrument(db, wave.instrumentId);
  const directory = await loadCityDirectory(db);
  const synthetic = await waveHasSyntheticImport(db, wave.id);
  const result = await scoreWave(db, wave, instrument, directory);
  const citiesBySlug = new Map(directory.cities.filter((c) => result.moments.has(c.slug)).map((c) => [c.slug, c]));
  const cities = [...result.cities].sort((a, b) =>
    citiesBySlug.get(a.city)!.name.localeCompare(citiesBySlug.get(b.city)!.name),
  );
  const before = options.previous === false ? undefined : await previousWave(db, wave);
  const previous = before ? { wave: before, ...(await scoreWave(db, before, instrument, directory)) } : undefined;
  const peerGroups = new Map((await listPeerGroups(db)).map((g) => [g.name, g.spec]));
  return {
    wave,
    instrument,
    citiesBySlug,
    directory,
    scorer: result.scorer,
    reliability: result.reliability,
    moments: result.moments,
    cities,
    synthetic,
    peerGroups,
    ...(previous ? { previous: { wave: previous.wave, moments: previous.moments, cities: previous.cities } } : {}),
  };
}
