import type { Kysely } from 'kysely';
import { loadCityDirectory, type City } from '../db/repositories/cities.js';
import { listCityTargets, writeCityTarget, type CityTarget } from '../db/repositories/city-targets.js';
import { getInstrument, listInstruments } from '../db/repositories/instruments.js';
import type { Database } from '../db/schema.js';
import { listWaves } from '../db/repositories/waves.js';
import { DomainError } from '../domain/domain-error.js';
import type { Instrument } from '../domain/instrument.js';
import { findDimension, parseTargetValue } from '../domain/target-dimension.js';

export interface TargetRequest {
  /** City name, alias or slug. */
  readonly city: string;
  readonly wave: number;
  readonly dimension: string;
  /** 0–100; null removes the target. */
  readonly value: number | string | null;
  readonly instrument?: string;
  readonly actor: string;
  readonly ip?: string | null;
  readonly now: Date;
}

/** The targets JSON of a city (CLI `targets list --json` and the API). */
export interface TargetsJson {
  readonly city: string;
  readonly slug: string;
  readonly instrument: string;
  readonly targets: readonly {
    readonly wave: number;
    readonly dimension: string;
    readonly value: number;
    readonly setBy: string;
    readonly setAt: string;
  }[];
}

/** A city by name, alias or slug; `city-not-found` otherwise. */
export async function findTargetCity(db: Kysely<Database>, name: string): Promise<City> {
  const directory = await loadCityDirectory(db);
  const city = directory.find(name) ?? directory.cities.find((c) => c.slug === name.trim().toLowerCase());
  if (!city) throw new DomainError('city-not-found', `No city called "${name}".`);
  return city;
}

/**
 * The instrument targets are set against: the one named, else the one of
 * the wave (when surveyed), else the only instrument stored.
 */
export async function targetInstrument(
  db: Kysely<Database>,
  wave: number | undefined,
  id?: string,
): Promise<Instrument> {
  if (id !== undefined) return getInstrument(db, id);
  const ofWave = [
    ...new Set((await listWaves(db)).filter((w) => wave === undefined || w.year === wave).map((w) => w.instrumentId)),
  ];
  if (ofWave.length === 1) return getInstrument(db, ofWave[0]!);
  const stored = await listInstruments(db);
  if (ofWave.length === 0 && stored.length === 1) return getInstrument(db, stored[0]!.id);
  throw new DomainError(
    'instrument-ambiguous',
    `Several instruments could apply (${(ofWave.length > 0 ? ofWave : stored.map((s) => s.id)).join(', ')}): name one with --instrument <id>.`,
  );
}

/** Validates and stores one target (audited); returns the city's targets after the change. */
export async function setCityTarget(db: Kysely<Database>, request: TargetRequest): Promise<TargetsJson> {
  const city = await findTargetCity(db, request.city);
  const instrument = await targetInstrument(db, request.wave, request.instrument);
  const dimension = findDimension(instrument, request.dimension);
  const value = request.value === null ? null : parseTargetValue(request.value);
  await writeCityTarget(db, {
    cityId: city.id,
    cityName: city.name,
    instrument: instrument.id,
    wave: request.wave,
    dimension: dimension.key,
    value,
    actor: request.actor,
    ip: request.ip ?? null,
    now: request.now,
  });
  return cityTargetsJson(db, city, instrument);
}

export async function cityTargetsJson(
  db: Kysely<Database>,
  city: City,
  instrument: Instrument,
  wave?: number,
): Promise<TargetsJson> {
  const targets = await listCityTargets(db, city.id, instrument.id, wave);
  return { city: city.name, slug: city.slug, instrument: instrument.id, targets: targets.map(publicTarget) };
}

const publicTarget = (t: CityTarget) => ({
  wave: t.wave,
  dimension: t.dimension,
  value: t.value,
  setBy: t.setBy,
  setAt: t.setAt,
});
