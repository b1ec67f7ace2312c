import type { CityScore, IndexScore, NodeScore } from '../domain/city-scores.js';
import { DomainError } from '../domain/domain-error.js';
import { findCityIn } from './find-city.js';
import type { WaveScoring } from './wave-scoring.js';

export interface CityScoresJson {
  readonly city: string;
  readonly slug: string;
  readonly country: string;
  readonly respondents: number;
  readonly index: IndexScore;
  readonly dimensions: readonly NodeScore[];
}

/** The `scores` shape of DESIGN ("Interfaces"), shared by CLI and API. */
export interface ScoresJson {
  readonly wave: number;
  readonly instrument: string;
  readonly synthetic: boolean;
  readonly cities: readonly CityScoresJson[];
}

export function presentCityScores(ws: WaveScoring, score: CityScore): CityScoresJson {
  const city = ws.citiesBySlug.get(score.city)!;
  return {
    city: city.name,
    slug: city.slug,
    country: city.country,
    respondents: score.respondents,
    index: score.index,
    dimensions: score.dimensions,
  };
}

export function scoresJson(ws: WaveScoring, cityName?: string): ScoresJson {
  let cities = ws.cities;
  if (cityName !== undefined) {
    const city = findCityIn(ws, cityName);
    cities = cities.filter((c) => c.city === city.slug);
    if (cities.length === 0) throw new DomainError('city-not-in-wave', `${city.name} has no respondents in wave ${ws.wave.year}.`);
  }
  return {
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    cities: cities.map((c) => presentCityScores(ws, c)),
  };
}
