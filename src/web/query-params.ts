import type { Request } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { listWaves } from '../db/waves.js';
import { DEFAULT_PEERS, parsePeerSpec } from '../domain/peer-groups.js';
import { HttpError } from './http-error.js';

const querySchema = z.object({
  wave: z.string().regex(/^\d{4}$/, 'wave must be a year such as 2026').transform(Number).optional(),
  instrument: z.string().max(100).optional(),
  peers: z.string().max(1000).optional(),
  city: z.string().max(200).optional(),
});

export type CommonQuery = z.infer<typeof querySchema>;

/** The query parameters the pages and API share, validated once at the edge. */
export function readQuery(req: Request): CommonQuery {
  const parsed = querySchema.safeParse(
    Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'query-invalid', `Query parameter "${String(issue.path[0])}": ${issue.message}.`);
  }
  if (parsed.data.peers !== undefined) parsePeerSpec(parsed.data.peers);
  return parsed.data;
}

export function peersOf(query: CommonQuery): string {
  return query.peers ?? DEFAULT_PEERS;
}

/** The wave asked for, else the newest wave with data; null when there is no data at all. */
export async function waveOrLatest(db: Kysely<Database>, query: CommonQuery): Promise<number | null> {
  if (query.wave !== undefined) return query.wave;
  const waves = await listWaves(db);
  const match = query.instrument ? waves.find((w) => w.instrumentId === query.instrument) : waves[0];
  return match?.year ?? null;
}
