import type { Kysely } from 'kysely';
import { decodeAnswers } from '../db/answer-codec.js';
import { loadCityDirectory, type City, type CityDirectory } from '../db/cities.js';
import { getInstrument } from '../db/instruments.js';
import type { Database } from '../db/schema.js';
import { resolveWave, type Wave } from '../db/waves.js';
import { scoreCities, type CityMoments, type CityScore } from '../domain/city-scores.js';
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

/** Loads a wave's respondents and scores every city (db → domain). */
export async function loadWaveScoring(db: Kysely<Database>, year: number, instrumentId?: string): Promise<WaveScoring> {
  const wave = await resolveWave(db, year, instrumentId);
  const instrument = await getInstrument(db, wave.instrumentId);
  const directory = await loadCityDirectory(db);
  const allCities = directory.cities;
  const byId = new Map(allCities.map((c) => [c.id, c]));
  const rows = await db
    .selectFrom('respondents')
    .select(['city_id', 'weight', 'answers'])
    .where('wave_id', '=', wave.id)
    // A fixed order: floating-point sums then match to the last bit on every database.
    .orderBy('id')
    .execute();
  const synthetic = await db
    .selectFrom('imports')
    .select('id')
    .where('wave_id', '=', wave.id)
    .where('status', '=', 'committed')
    .where('synthetic', '=', 1)
    .executeTakeFirst();
  const result = scoreCities(
    instrument,
    rows.map((r) => ({ city: byId.get(r.city_id)!.slug, weight: r.weight, answers: decodeAnswers(r.answers) })),
  );
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
