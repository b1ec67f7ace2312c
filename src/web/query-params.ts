import type { Request } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { listWaves } from '../db/repositories/waves.js';
import { DEFAULT_PEER_GROUP, type Peers } from '../domain/peer-groups.js';
import { parsePageQuery, type PageQuery } from '../domain/page-query.js';

export type { PageQuery };

/** The query parameters the pages and API share, parsed once at the edge (`parsePageQuery`). */
export function readQuery(req: Request): PageQuery {
  return parsePageQuery(req.query);
}

export function peersOf(query: PageQuery): Peers {
  return query.peers ?? DEFAULT_PEER_GROUP;
}

/** The wave asked for, else the newest wave with data; null when there is no data at all. */
export async function waveOrLatest(db: Kysely<Database>, query: PageQuery): Promise<number | null> {
  if (query.wave !== undefined) return query.wave;
  const waves = await listWaves(db);
  const match = query.instrument ? waves.find((w) => w.instrumentId === query.instrument) : waves[0];
  return match?.year ?? null;
}
