import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IndexUncertaintyOptions } from '../domain/index-uncertainty.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { loadIndexUncertainty } from './index-uncertainty-data.js';
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

/** A response body ready to send: the UTF-8 bytes, the same gzip-compressed, and a strong ETag of the bytes. */
export interface PreparedBody {
  readonly bytes: Buffer;
  readonly gzip: Buffer;
  readonly etag: string;
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

/** `value` as a prepared body: serialised, compressed and hashed once, for `cachedRead` to keep. */
export function prepareJson(value: unknown): PreparedBody {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  return {
    bytes,
    gzip: gzipSync(bytes, { level: 6 }),
    etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`,
  };
}

/** What a prepared body holds, for the read cache's byte bound. */
export const preparedSize = (body: PreparedBody): number => body.bytes.byteLength + body.gzip.byteLength;
