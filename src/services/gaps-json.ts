import { DomainError } from '../domain/domain-error.js';
import { DEFAULT_PEERS, parsePeerSpec, resolvePeers, type PeerSpec } from '../domain/peer-groups.js';
import { cityGaps, type DimensionGap } from '../domain/gaps.js';
import { cityTrend } from '../domain/trend.js';
import { findCityIn, findKnownCity } from './find-city.js';
import type { WaveScoring } from './wave-scoring.js';

export interface GapJson extends Omit<DimensionGap, 'leader'> {
  /** Name of the best-scoring peer. */
  readonly leader: string | null;
  /** Change of the score against the previous wave of the instrument (DESIGN §8); null when not published. */
  readonly trend: number | null;
  /** Welch's p of that change, and Holm-adjusted over the dimensions (one family). */
  readonly trendPValue: number | null;
  readonly trendPAdjusted: number | null;
  /** trendPAdjusted < 0.05: a clear change; null when not testable. */
  readonly trendSignificant: boolean | null;
}

/** How the tests of the gaps are made, for readers of the JSON (docs/scoring.md has the formulas). */
export const GAP_TEST_NOTES = {
  peers:
    'gapToPeers = mean of the peer city means − the city mean; se = √(se_city² + Σ se_i² / k²) over the peersCounted peers, Welch–Satterthwaite df, 95 % t-interval and two-sided p from that t.',
  leader:
    'The leader is the best-scoring peer, picked after seeing the data: its gap is biased away from 0 and its p-value is optimistic. Welch t-test of leader against city.',
  target: 'One-sample t-test of the score against the target; the interval is target − score ± t·se, not floored at 0.',
  adjustment:
    'Holm-adjusted within each family (the dimensions of one comparison: target, peers, leader, trend); significant = adjusted p < 0.05 ("clear difference"). Intervals are unadjusted 95 % intervals.',
} as const;

/** The `gaps` shape of DESIGN ("Interfaces"), shared by CLI and API. */
export interface GapsJson {
  readonly city: string;
  readonly slug: string;
  readonly wave: number;
  readonly instrument: string;
  readonly synthetic: boolean;
  /** The segment the figures are of (`role:it`), null for all respondents. */
  readonly segment: string | null;
  readonly peerGroup: string;
  readonly peers: readonly string[];
  /** The wave the trend is measured against, null when there is none. */
  readonly previousWave: number | null;
  readonly dimensions: readonly GapJson[];
  readonly notes: typeof GAP_TEST_NOTES;
}

/** A peer spec, with `group:<name>` replaced by the saved group's own spec. */
export function expandPeerSpec(ws: WaveScoring, spec: string): PeerSpec {
  const parsed = parsePeerSpec(spec);
  if (parsed.kind !== 'named') return parsed;
  const saved = ws.peerGroups.get(parsed.name.toLowerCase());
  if (saved === undefined) {
    const known = [...ws.peerGroups.keys()];
    throw new DomainError(
      'peer-group-not-found',
      `No saved peer group called "${parsed.name}".` + (known.length > 0 ? ` Saved groups: ${known.join(', ')}.` : ' Save one with: maturity peers save <name> <spec>.'),
    );
  }
  return parsePeerSpec(saved);
}

/** Peer city slugs of `focusSlug` for a peer spec such as `largest:5` or `group:benelux`. */
export function peerSlugs(ws: WaveScoring, focusSlug: string, spec: string): string[] {
  const candidates = [...ws.citiesBySlug.values()].map((c) => ({ id: c.slug, country: c.country, population: c.population }));
  return resolvePeers(expandPeerSpec(ws, spec), focusSlug, candidates, (name) => findKnownCity(ws, name).slug);
}

export function gapsJson(ws: WaveScoring, cityName: string, peerSpec: string = DEFAULT_PEERS): GapsJson {
  const city = findCityIn(ws, cityName);
  const peers = peerSlugs(ws, city.slug, peerSpec);
  const name = (slug: string | null) => (slug === null ? null : ws.citiesBySlug.get(slug)!.name);
  const gaps = cityGaps({ instrument: ws.instrument, scorer: ws.scorer, cities: ws.cities, moments: ws.moments, focus: city.slug, peers });
  const trend = trendOf(ws, city.slug);
  return {
    city: city.name,
    slug: city.slug,
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    segment: ws.segment ?? null,
    peerGroup: peerSpec,
    peers: peers.map((p) => name(p)!),
    previousWave: trend.previousWave,
    dimensions: gaps.map((g, i) => ({
      ...g,
      leader: name(g.leader),
      trend: trend.dimensions[i]!.delta,
      trendPValue: trend.dimensions[i]!.pValue,
      trendPAdjusted: trend.dimensions[i]!.pAdjusted,
      trendSignificant: trend.dimensions[i]!.significant,
    })),
    notes: GAP_TEST_NOTES,
  };
}

/** The trend of a city of the wave against the previous wave (DESIGN §8). */
export function trendOf(ws: WaveScoring, slug: string) {
  const score = ws.cities.find((c) => c.city === slug)!;
  const prevScore = ws.previous?.cities.find((c) => c.city === slug);
  const prev = prevScore ? { score: prevScore, moments: ws.previous!.moments.get(slug)! } : undefined;
  return cityTrend(ws.instrument, ws.scorer, { score, moments: ws.moments.get(slug)! }, prev, ws.previous?.wave.year ?? null);
}
