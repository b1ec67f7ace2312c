import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IndexUncertaintyOptions } from '../domain/index-uncertainty.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { loadIndexUncertainty } from './index-uncertainty-data.js';
import { prepareJson, preparedSize, type PreparedBody } from './prepared-body.js';
import { cachedRead } from './read-cache.js';
import { scoresJson } from './scores-json.js';
import { DomainError } from '../domain/domain-error.js';
import { loadDashboardWave } from './dashboard-data.js';

export interface ScoresRequest {
  readonly wave: number;
  readonly instrument?: string;
  readonly city?: string;
  /** `role:it`: the figures of one segment (same rules as the pages). */
  readonly segment?: string;
  readonly rankStability?: IndexUncertaintyOptions;
}

/**
 * The `scores` JSON of a wave, prepared once per data version (`cachedRead`):
 * a repeated request costs one small query, and no scoring, reliability
 * pooling, serialisation, hashing or compression. Compressed because writing
 * the uncompressed body to the socket was most of a cached request's time. Same bytes as `JSON.stringify(scoresJson(…))`.
 */
export async function loadScoresJson(
  db: Kysely<Database>,
  heavy: HeavyPool,
  request: ScoresRequest,
): Promise<PreparedBody> {
  const key = `scores-json|${JSON.stringify([request.wave, request.instrument ?? null, request.city ?? null, request.segment ?? null, request.rankStability ?? null])}`;
  return cachedRead(
    db,
    key,
    async () => {
      const { ws } = await loadDashboardWave(db, request.wave, request.instrument, request.segment);
      if (request.segment !== undefined && request.rankStability) {
        throw new DomainError(
          'option-invalid',
          'Rank stability resamples whole cities: ask for it without a segment (the city page, too, shows no rank interval for a segment).',
        );
      }
      const rankStability = request.rankStability
        ? await loadIndexUncertainty(db, heavy, ws, request.rankStability)
        : undefined;
      return prepareJson(scoresJson(ws, request.city, rankStability ? { rankStability } : {}));
    },
    { bytes: preparedSize },
  );
}
