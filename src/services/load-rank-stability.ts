import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CityScore } from '../domain/city-scores.js';
import type { Instrument } from '../domain/instrument.js';
import type { RankStability, RankStabilityOptions } from '../domain/rank-stability.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { cachedRead } from './read-cache.js';

export interface RankStabilityScope {
  /** What the cities are, as a cache key: the wave's id and the segment, e.g. `12|role=manager`. */
  readonly key: string;
  readonly instrument: Instrument;
  readonly cities: readonly CityScore[];
}

/**
 * Rank stability of a wave's (or a segment's) cities, simulated on the worker
 * pool — its draws cost CPU in proportion to their number, and never on the
 * request thread — and kept per data version and options: every city page
 * and scores request of the wave shares one run.
 */
export function loadRankStability(db: Kysely<Database>, heavy: HeavyPool, scope: RankStabilityScope, options: RankStabilityOptions = {}): Promise<RankStability> {
  const key = `rank-stability|${scope.key}|${JSON.stringify([options.draws ?? null, options.seed ?? null, options.concentration ?? null])}`;
  return cachedRead(db, key, () => heavy.run('rank-stability', { instrument: scope.instrument, cities: scope.cities, options }));
}
