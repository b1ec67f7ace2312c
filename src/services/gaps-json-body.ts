import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { PlainLang } from '../domain/peer-group-name.js';
import type { Peers } from '../domain/peer-groups.js';
import { loadDashboardWave } from './dashboard-data.js';
import { gapsJson } from './gaps-json.js';
import { cachedRead } from './read-cache.js';
import { prepareJson, preparedSize, type PreparedBody } from './prepared-body.js';

export interface GapsRequest {
  readonly wave: number;
  readonly instrument?: string;
  readonly segment?: string;
  /** The city's slug. */
  readonly city: string;
  readonly peers: Peers;
  readonly lang: PlainLang;
}

/**
 * The `gaps` JSON of one city, prepared once per data version (`cachedRead`):
 * the gaps, their tests and the next steps cost several ms of the request
 * thread each time, and the same city's gaps are asked again and again.
 * Same bytes as `JSON.stringify(gapsJson(…))`.
 */
export async function loadGapsJson(db: Kysely<Database>, request: GapsRequest): Promise<PreparedBody> {
  const key = `gaps-json|${JSON.stringify([request.wave, request.instrument ?? null, request.segment ?? null, request.city, request.peers.text, request.lang])}`;
  return cachedRead(
    db,
    key,
    async () => {
      const { ws } = await loadDashboardWave(db, request.wave, request.instrument, request.segment);
      return prepareJson(gapsJson(ws, request.city, request.peers, request.lang));
    },
    { bytes: preparedSize },
  );
}
