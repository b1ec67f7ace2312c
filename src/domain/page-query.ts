import { z } from 'zod';
import { DomainError } from './domain-error.js';
import { parsePeers, type Peers } from './peer-groups.js';
import { parseWave, type WaveYear } from './wave.js';

/**
 * The query parameters pages and API share, parsed: `wave=2026`,
 * `instrument=…`, `peers=largest:5`, `city=gent`, `segment=role:it`,
 * `cities=Gent,Antwerpen`. The segment stays text until the wave's
 * instrument is known (`parseSegment` checks its column against it).
 */
export interface PageQuery {
  readonly wave?: WaveYear;
  readonly instrument?: string;
  readonly peers?: Peers;
  readonly city?: string;
  readonly segment?: string;
  readonly cities?: readonly string[];
}

const schema = z.object({
  wave: z.string().max(20).optional(),
  instrument: z.string().max(100).optional(),
  peers: z.string().max(1000).optional(),
  city: z.string().max(200).optional(),
  segment: z.string().max(200).optional(),
  cities: z.string().max(2000).optional(),
});

/**
 * Reads the shared parameters from a URL query (empty and non-text values
 * count as absent); throws `query-invalid`, `wave-invalid` or `peers-invalid`.
 * @example parsePageQuery({ wave: '2026', cities: 'Gent, Antwerpen' }) // => { wave: 2026, cities: ['Gent', 'Antwerpen'] }
 */
export function parsePageQuery(query: Readonly<Record<string, unknown>>, currentYear?: number): PageQuery {
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v !== '')),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('query-invalid', `Query parameter "${String(issue.path[0])}": ${issue.message}.`);
  }
  const { wave, peers, cities, ...text } = parsed.data;
  const names = cities
    ?.split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  return {
    ...text,
    ...(wave !== undefined ? { wave: parseWave(wave, currentYear) } : {}),
    ...(peers !== undefined ? { peers: parsePeers(peers) } : {}),
    ...(names !== undefined ? { cities: names } : {}),
  };
}
