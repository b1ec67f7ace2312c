import { DEFAULT_PEERS, parsePeerSpec, resolvePeers } from '../domain/peer-groups.js';
import { cityGaps, type DimensionGap } from '../domain/gaps.js';
import { findCityIn, findKnownCity } from './find-city.js';
import type { WaveScoring } from './wave-scoring.js';

export interface GapJson extends Omit<DimensionGap, 'leader'> {
  /** Name of the best-scoring peer. */
  readonly leader: string | null;
}

/** The `gaps` shape of DESIGN ("Interfaces"), shared by CLI and API. */
export interface GapsJson {
  readonly city: string;
  readonly slug: string;
  readonly wave: number;
  readonly instrument: string;
  readonly synthetic: boolean;
  readonly peerGroup: string;
  readonly peers: readonly string[];
  readonly dimensions: readonly GapJson[];
}

/** Peer city slugs of `focusSlug` for a peer spec such as `largest:5`. */
export function peerSlugs(ws: WaveScoring, focusSlug: string, spec: string): string[] {
  const candidates = [...ws.citiesBySlug.values()].map((c) => ({ id: c.slug, country: c.country, population: c.population }));
  return resolvePeers(parsePeerSpec(spec), focusSlug, candidates, (name) => findKnownCity(ws, name).slug);
}

export function gapsJson(ws: WaveScoring, cityName: string, peerSpec: string = DEFAULT_PEERS): GapsJson {
  const city = findCityIn(ws, cityName);
  const peers = peerSlugs(ws, city.slug, peerSpec);
  const name = (slug: string | null) => (slug === null ? null : ws.citiesBySlug.get(slug)!.name);
  const gaps = cityGaps({ instrument: ws.instrument, scorer: ws.scorer, cities: ws.cities, moments: ws.moments, focus: city.slug, peers });
  return {
    city: city.name,
    slug: city.slug,
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    peerGroup: peerSpec,
    peers: peers.map((p) => name(p)!),
    dimensions: gaps.map((g) => ({ ...g, leader: name(g.leader) })),
  };
}
