import type { CityScore, IndexScore, NodeScore } from '../domain/city-scores.js';
import { DomainError } from '../domain/domain-error.js';
import type { CityIndexUncertainty, IndexUncertainty } from '../domain/index-uncertainty.js';
import { waveReliability, type DimensionReliability } from '../domain/reliability.js';
import type { CityTrend } from '../domain/trend.js';
import { findCityIn } from './find-city.js';
import { trendOf } from './gaps-json.js';
import type { WaveScoring } from './wave-scoring.js';

/** A city's index interval and rank figures (see `CityIndexUncertainty`), without the slug it is keyed by. */
export type RankStabilityJson = Omit<CityIndexUncertainty, 'city'>;

export interface CityScoresJson {
  readonly city: string;
  readonly slug: string;
  readonly country: string;
  /** Null for a segment's part whose count is suppressed. */
  readonly respondents: number | null;
  readonly index: IndexScore;
  readonly dimensions: readonly NodeScore[];
  /** Change against the previous wave of the same instrument (DESIGN §8). */
  readonly trend: Omit<CityTrend, 'city'>;
  /** Only with the rank-stability option; null for a city without a published index. */
  readonly rankStability?: RankStabilityJson | null;
}

/** The `scores` shape of DESIGN ("Interfaces"), shared by CLI and API. */
export interface ScoresJson {
  readonly wave: number;
  readonly instrument: string;
  readonly synthetic: boolean;
  /** The segment the figures are of (`role:it`), null for all respondents. */
  readonly segment: string | null;
  /** The wave trends are measured against, null when there is none. */
  readonly previousWave: number | null;
  /** Cronbach's alpha per dimension over the wave's respondents (DESIGN §9). */
  readonly reliability: readonly DimensionReliability[];
  /** Settings of the bootstrap (each draw resamples every city's respondents and draws the weights), only with the rank-stability option. */
  readonly rankStability?: Omit<IndexUncertainty, 'cities'>;
  readonly cities: readonly CityScoresJson[];
}

export function presentCityScores(ws: WaveScoring, score: CityScore): CityScoresJson {
  const city = ws.citiesBySlug.get(score.city)!;
  const { city: _slug, ...trend } = trendOf(ws, score.city);
  return {
    city: city.name,
    slug: city.slug,
    country: city.country,
    respondents: score.respondents,
    index: score.index,
    dimensions: score.dimensions,
    trend,
  };
}

export interface ScoresOptions {
  /** Adds each city's index interval, median rank and 90 % rank interval (services/index-uncertainty-data.ts). */
  readonly rankStability?: IndexUncertainty;
}

export function scoresJson(ws: WaveScoring, cityName?: string, options: ScoresOptions = {}): ScoresJson {
  let cities = ws.cities;
  if (cityName !== undefined) {
    const city = findCityIn(ws, cityName);
    cities = cities.filter((c) => c.city === city.slug);
    if (cities.length === 0)
      throw new DomainError('city-not-in-wave', `${city.name} has no respondents in wave ${ws.wave.year}.`);
  }
  const stability = options.rankStability;
  const stabilityOf = new Map(stability?.cities.map((c) => [c.city, c]));
  return {
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    segment: ws.segment ?? null,
    previousWave: ws.previous?.wave.year ?? null,
    reliability: waveReliability(ws.instrument, ws.reliability, ws.moments.values()),
    ...(stability
      ? {
          rankStability: {
            draws: stability.draws,
            seed: stability.seed,
            concentration: stability.concentration,
            aggregation: stability.aggregation,
            method: stability.method,
          },
        }
      : {}),
    cities: cities.map((c) => {
      const json = presentCityScores(ws, c);
      if (!stability) return json;
      const s = stabilityOf.get(c.city);
      if (!s || c.index.score === null) return { ...json, rankStability: null };
      const { city: _city, ...figures } = s;
      return { ...json, rankStability: figures };
    }),
  };
}
