import { DomainError } from './domain-error.js';

/** A peer group as written in CLI, URLs and API (DESIGN "Peer groups"). */
export type PeerSpec =
  | { readonly kind: 'largest'; readonly count: number }
  | { readonly kind: 'country'; readonly country: string }
  | { readonly kind: 'all' }
  | { readonly kind: 'list'; readonly names: readonly string[] }
  | { readonly kind: 'named'; readonly name: string };

export const DEFAULT_PEERS = 'largest:5';

/** A peer group as asked for: the rule, and the words it was asked in (shown back as `peerGroup`). */
export interface Peers {
  readonly text: string;
  readonly spec: PeerSpec;
}

/**
 * The one parser of a peer group at the edges (CLI option, URL, API); the
 * parsed value flows on, nothing downstream reads the text again.
 * @example parsePeers('country:be') // => { text: 'country:be', spec: { kind: 'country', country: 'BE' } }
 */
export function parsePeers(text: string): Peers {
  return { text, spec: parsePeerSpec(text) };
}

/** `largest:5`, the peers when none are asked for. */
export const DEFAULT_PEER_GROUP: Peers = parsePeers(DEFAULT_PEERS);

/**
 * Reads `largest:5`, `country:BE`, `all`, `group:<name>` or `Berlin,Paris,Wien`.
 * @example parsePeerSpec('largest:5') // => { kind: 'largest', count: 5 }
 */
export function parsePeerSpec(text: string): PeerSpec {
  const spec = text.trim();
  if (spec === '') throw invalid(text);
  if (spec.toLowerCase() === 'all') return { kind: 'all' };
  const largest = /^largest:(\d{1,4})$/i.exec(spec);
  if (largest) {
    const count = Number(largest[1]);
    if (count < 1) throw invalid(text);
    return { kind: 'largest', count };
  }
  const country = /^country:([A-Za-z]{2})$/i.exec(spec);
  if (country) return { kind: 'country', country: country[1]!.toUpperCase() };
  const named = /^group:(.+)$/i.exec(spec);
  if (named) return { kind: 'named', name: named[1]!.trim() };
  if (/^[a-z]+:/i.test(spec)) throw invalid(text);
  const names = spec
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw invalid(text);
  return { kind: 'list', names };
}

function invalid(text: string): DomainError {
  return new DomainError(
    'peers-invalid',
    `Peer group "${text}" is not understood: write largest:N, country:XX, all, group:<name> or a comma-separated list of cities.`,
  );
}

export interface PeerCandidate {
  readonly id: string;
  readonly country: string;
  readonly population: number | null;
}

/**
 * The peer cities of `focus` among the cities of a wave; the focus city is
 * never its own peer. `largest:N` takes the N most populous cities with a
 * known population (ties by id, so the choice is stable). A list is resolved
 * by `findCity` (name or alias → id); an unknown name throws.
 */
export function resolvePeers(
  spec: PeerSpec,
  focus: string,
  candidates: readonly PeerCandidate[],
  findCity: (name: string) => string | undefined,
): string[] {
  const others = candidates.filter((c) => c.id !== focus);
  switch (spec.kind) {
    case 'all':
      return others.map((c) => c.id);
    case 'country':
      return others.filter((c) => c.country.toUpperCase() === spec.country).map((c) => c.id);
    case 'largest':
      return others
        .filter((c) => c.population !== null)
        .sort((a, b) => b.population! - a.population! || a.id.localeCompare(b.id))
        .slice(0, spec.count)
        .map((c) => c.id);
    case 'list': {
      const inWave = new Set(others.map((c) => c.id));
      const ids: string[] = [];
      for (const name of spec.names) {
        const id = findCity(name);
        if (id === undefined) throw new DomainError('peer-not-found', `Peer city "${name}" is not known.`);
        if (id !== focus && inWave.has(id) && !ids.includes(id)) ids.push(id);
      }
      return ids;
    }
    case 'named':
      throw new DomainError('peers-invalid', `Peer group "${spec.name}" must be resolved to a list first.`);
  }
}
