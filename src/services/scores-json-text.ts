import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { RankStabilityOptions } from '../domain/rank-stability.js';
import { cachedRead } from './read-cache.js';
import { scoresJson } from './scores-json.js';
import { loadWaveScoring } from './wave-scoring.js';

export interface ScoresRequest {
  readonly wave: number;
  readonly instrument?: string;
  readonly city?: string;
  readonly rankStability?: RankStabilityOptions;
}

/**
 * The `scores` JSON of a wave as response text, cached under the data version
 * (`cachedRead`): a repeated request costs one small query and no scoring,
 * reliability pooling or serialisation. Same bytes as `JSON.stringify(scoresJson(…))`.
 */
export async function loadScoresJsonText(db: Kysely<Database>, request: ScoresRequest): Promise<string> {
  const key = `scores-json|${JSON.stringify([request.wave, request.instrument ?? null, request.city ?? null, request.rankStability ?? null])}`;
  return cachedRead(db, key, async () => {
    const ws = await loadWaveScoring(db, request.wave, request.instrument);
    return JSON.stringify(scoresJson(ws, request.city, { rankStability: request.rankStability }));
  });
}
