import type { Kysely } from 'kysely';
import { loadCityDirectory, type City, type CityDirectory } from '../db/cities.js';
import { getInstrument } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { resolveWave, type Wave } from '../db/waves.js';
import { loadCityMoments } from '../db/score-aggregates.js';
import { cityScore, type CityMoments, type CityScore } from '../domain/city-scores.js';
import { compileScorer } from '../domain/respondent-scores.js';
import type { Instrument } from '../domain/instrument.js';
import type { RespondentScorer } from '../domain/respondent-scores.js';

/** Everything the pages, API, CLI and reports need about one scored wave. */
export interface WaveScoring {
  readonly wave: Wave;
  readonly instrument: Instrument;
  /** Cities of the wave, by slug (the domain's city id). */
  readonly citiesBySlug: ReadonlyMap<string, City>;
  /** Every known city with its aliases (for resolving names in peer lists). */
  readonly directory: CityDirectory;
  readonly scorer: RespondentScorer;
  readonly moments: ReadonlyMap<string, CityMoments>;
  /** Scores per city, sorted by city name. */
  readonly cities: readonly CityScore[];
  /** True when any import of the wave is generated demo data. */
  readonly synthetic: boolean;
}

/** Loads a wave's city moments (from the aggregates) and scores every city (db → domain). */
export async function loadWaveScoring(db: Kysely<Database>, year: number, instrumentId?: string): Promise<WaveScoring> {
  const wave = await resolveWave(db, year, instrumentId);
  const directory = await loadCityDirectory(db);
  const allCities = directory.cities;
  const byId = new Map(allCities.map((c) => [c.id, c]));
  const synthetic = await db
    .selectFrom('imports')
    .select('id')
    .where('wave_id', '=', wave.id)
    .where('status', '=', 'committed')
    .where('synthetic', '=', 1)
    .executeTakeFirst();
  const scored = await scoredWave(db, wave);
  const { instrument, scorer } = scored;
  const slug = (cityId: number) => byId.get(cityId)!.slug;
  const moments = new Map<string, CityMoments>();
  for (const [cityId, m] of scored.moments) moments.set(slug(cityId), { ...m, city: slug(cityId) });
  const result = { scorer, moments, cities: scored.cities.map((c) => ({ ...c.score, city: slug(c.cityId) })) };
  const citiesBySlug = new Map(allCities.filter((c) => result.moments.has(c.slug)).map((c) => [c.slug, c]));
  const cities = [...result.cities].sort((a, b) => citiesBySlug.get(a.city)!.name.localeCompare(citiesBySlug.get(b.city)!.name));
  return {
    wave,
    instrument,
    citiesBySlug,
    directory,
    scorer: result.scorer,
    moments: result.moments,
    cities,
    synthetic: synthetic !== undefined,
  };
}

interface ScoredWave {
  readonly instrument: Instrument;
  readonly scorer: RespondentScorer;
  /** By city id (slugs are attached per request: a renamed city is never stale). */
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
const scoredCaches = new WeakMap<Kysely<Database>, Map<string, ScoredWave>>();
const SCORED_CACHE_SIZE = 8;

async function scoredWave(db: Kysely<Database>, wave: Wave): Promise<ScoredWave> {
  const version = await db
    .selectFrom('imports')
    .select((eb) => [eb.fn.max('id').as('maxId'), eb.fn.sum<number>(eb.case().when('status', '=', 'committed').then(1).else(0).end()).as('committed')])
    .where('wave_id', '=', wave.id)
    .executeTakeFirst();
  const sha = await db.selectFrom('instruments').select('sha256').where('id', '=', wave.instrumentId).executeTakeFirstOrThrow();
  const key = `${wave.id}|${sha.sha256}|${String(version?.maxId)}|${String(version?.committed)}`;
  let scoredCache = scoredCaches.get(db);
  if (!scoredCache) scoredCaches.set(db, (scoredCache = new Map()));
  const hit = scoredCache.get(key);
  if (hit) return hit;
  const instrument = await getInstrument(db, wave.instrumentId);
  // Scores from the stored aggregates (kept up to date by import and undo): no raw-answer scan.
  const scorer = compileScorer(instrument);
  const moments = await loadCityMoments(db, wave.id, scorer, String);
  const byCity = new Map<number, CityMoments>();
  for (const [id, m] of moments) byCity.set(Number(id), m);
  const scored: ScoredWave = {
    instrument,
    scorer,
    moments: byCity,
    cities: [...byCity].map(([cityId, m]) => ({ cityId, score: cityScore(instrument, scorer, m) })),
  };
  if (scoredCache.size >= SCORED_CACHE_SIZE) scoredCache.delete(scoredCache.keys().next().value!);
  scoredCache.set(key, scored);
  return scored;
}
