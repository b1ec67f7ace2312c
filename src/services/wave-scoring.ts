import type { Kysely } from 'kysely';
import { decodeAnswers } from '../db/answer-codec.js';
import { loadCityDirectory, type City, type CityDirectory } from '../db/cities.js';
import { getInstrument } from '../db/instruments.js';
import { listPeerGroups } from '../db/peer-groups.js';
import type { Database } from '../db/schema.js';
import { previousWave, resolveWave, type Wave } from '../db/waves.js';
import { scoreCities, type CityMoments, type CityScore } from '../domain/city-scores.js';
import type { Instrument } from '../domain/instrument.js';
import type { ReliabilityPlan } from '../domain/reliability.js';
import type { RespondentScorer } from '../domain/respondent-scores.js';

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
  /** The previous wave of the same instrument, scored, for trends; undefined when there is none. */
  readonly previous?: ScoredWave;
}

async function scoreWave(db: Kysely<Database>, wave: Wave, instrument: Instrument, directory: CityDirectory) {
  const byId = new Map(directory.cities.map((c) => [c.id, c]));
  const rows = await db
    .selectFrom('respondents')
    .select(['city_id', 'weight', 'answers'])
    .where('wave_id', '=', wave.id)
    .execute();
  return scoreCities(
    instrument,
    rows.map((r) => ({ city: byId.get(r.city_id)!.slug, weight: r.weight, answers: decodeAnswers(r.answers) })),
  );
}

/**
 * Loads a wave's respondents and scores every city (db → domain); also the
 * previous wave of the same instrument (for trends) unless `previous: false`.
 */
export async function loadWaveScoring(
  db: Kysely<Database>,
  year: number,
  instrumentId?: string,
  options: { previous?: boolean } = {},
): Promise<WaveScoring> {
  const wave = await resolveWave(db, year, instrumentId);
  const instrument = await getInstrument(db, wave.instrumentId);
  const directory = await loadCityDirectory(db);
  const synthetic = await db
    .selectFrom('imports')
    .select('id')
    .where('wave_id', '=', wave.id)
    .where('status', '=', 'committed')
    .where('synthetic', '=', 1)
    .executeTakeFirst();
  const result = await scoreWave(db, wave, instrument, directory);
  const citiesBySlug = new Map(directory.cities.filter((c) => result.moments.has(c.slug)).map((c) => [c.slug, c]));
  const cities = [...result.cities].sort((a, b) => citiesBySlug.get(a.city)!.name.localeCompare(citiesBySlug.get(b.city)!.name));
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
    synthetic: synthetic !== undefined,
    peerGroups,
    ...(previous ? { previous: { wave: previous.wave, moments: previous.moments, cities: previous.cities } } : {}),
  };
}
