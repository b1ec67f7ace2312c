import type { City } from '../db/repositories/cities.js';
import { suggestCities } from '../domain/city-suggestions.js';
import { DEFAULT_PEER_GROUP, parsePeers, type Peers } from '../domain/peer-groups.js';
import type { WaveScoring } from './wave-scoring.js';

/** A name the user gave that names no known city (or no saved group), with the nearest known ones. */
export interface UnknownName {
  readonly name: string;
  readonly kind: 'city' | 'group' | 'not-in-wave';
  readonly suggestions: readonly string[];
}

/** The peer group a page uses, after unknown names were set aside (shown as a message, not an error page). */
export interface PeerChoice {
  readonly peers: Peers;
  readonly unknown: readonly UnknownName[];
  /** Nothing usable was left of the group asked for: the default group is shown instead. */
  readonly fellBack: boolean;
}

/**
 * Checks a peer group against the wave's directory before it is resolved:
 * unknown city names are dropped from a list (each with suggestions), an
 * unknown saved group or a list with no known city left falls back to the
 * five largest. The API and CLI keep refusing such a group (`peer-not-found`).
 */
export function checkPeers(ws: WaveScoring, peers: Peers): PeerChoice {
  const spec = peers.spec;
  if (spec.kind === 'named') {
    if (ws.peerGroups.has(spec.name.toLowerCase())) return { peers, unknown: [], fellBack: false };
    const unknown = [{ name: spec.name, kind: 'group' as const, suggestions: [...ws.peerGroups.keys()].slice(0, 5) }];
    return { peers: DEFAULT_PEER_GROUP, unknown, fellBack: true };
  }
  if (spec.kind !== 'list') return { peers, unknown: [], fellBack: false };
  // A known city without respondents here (in this segment, say) stays in the group as asked:
  // resolving skips it, and links to other views (other segments) keep it.
  const { known, unknown } = splitCityNames(ws, spec.names);
  const notKnown = unknown.filter((u) => u.kind === 'city');
  if (notKnown.length === 0) return { peers, unknown: [], fellBack: false };
  const kept = spec.names.filter((n) => !notKnown.some((u) => u.name === n));
  if (known.length === 0) return { peers: DEFAULT_PEER_GROUP, unknown: notKnown, fellBack: true };
  return { peers: parsePeers(kept.join(',')), unknown: notKnown, fellBack: false };
}

/** City names split into the known cities of the wave and the rest (unknown, or without respondents in the wave). */
export function splitCityNames(ws: WaveScoring, names: readonly string[]): { known: City[]; unknown: UnknownName[] } {
  const known: City[] = [];
  const unknown: UnknownName[] = [];
  const waveNames = new Set([...ws.citiesBySlug.values()].map((c) => c.name));
  const inWave = ws.directory.spellings.filter((s) => waveNames.has(s.name));
  for (const name of names) {
    const matches = ws.directory.byName(name);
    const city = matches.find((c) => ws.citiesBySlug.has(c.slug));
    if (city) {
      if (!known.includes(city)) known.push(city);
    } else if (matches[0]) {
      unknown.push({ name: matches[0].name, kind: 'not-in-wave', suggestions: [] });
    } else {
      unknown.push({ name, kind: 'city', suggestions: suggestCities(name, inWave) });
    }
  }
  return { known, unknown };
}
