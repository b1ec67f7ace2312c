import type { City } from '../db/repositories/cities.js';
import { DomainError } from '../domain/domain-error.js';
import type { WaveScoring } from './wave-scoring.js';

/**
 * A city of the wave by name, alias or slug ("Gent", "Ghent", "gent").
 * Throws `city-not-found` naming it, or `city-not-in-wave`.
 */
export function findCityIn(ws: WaveScoring, name: string): City {
  const city = findKnownCity(ws, name);
  if (!ws.citiesBySlug.has(city.slug)) {
    throw new DomainError('city-not-in-wave', `${city.name} has no respondents in wave ${ws.wave.year}.`);
  }
  return city;
}

/** A known city by name, alias or slug, preferring one that is in the wave. */
export function findKnownCity(ws: WaveScoring, name: string): City {
  const matches = ws.directory.byName(name);
  const city = matches.find((c) => ws.citiesBySlug.has(c.slug)) ?? matches[0];
  if (!city) throw new DomainError('city-not-found', `No city called "${name}".`);
  return city;
}
