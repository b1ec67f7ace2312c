import { DomainError } from '../domain/domain-error.js';
import { DEFAULT_PEERS, parsePeerSpec, resolvePeers, type PeerSpec } from '../domain/peer-groups.js';
import { gapToPeersInterval, type Interval } from '../domain/gap-intervals.js';
import { cityGaps, type DimensionGap } from '../domain/gaps.js';
import { localize } from '../domain/instrument.js';
import { poolMoments, type Moments } from '../domain/moments.js';
import { nextLevelOf, priorityOrder, type NextStep } from '../domain/next-steps.js';
import { peerGroupName, type PlainLang } from '../domain/peer-group-name.js';
import { rankAmong } from '../domain/rank.js';
import { cityTrend } from '../domain/trend.js';
import { cityVerdict, type VerdictGap } from '../domain/verdict.js';
import { findCityIn, findKnownCity } from './find-city.js';
import type { WaveScoring } from './wave-scoring.js';

export interface GapJson extends Omit<DimensionGap, 'leader'> {
  /** Name of the best-scoring peer. */
  readonly leader: string | null;
  /** Change of the score against the previous wave of the instrument (DESIGN §8); null when not published. */
  readonly trend: number | null;
  /** Whether that change is significant (Welch, p < 0.05); null when not testable. */
  readonly trendSignificant: boolean | null;
  /** The maturity level of the score; null when suppressed. */
  readonly level: number | null;
  /** The level above it; null at the top level or when suppressed. */
  readonly nextLevel: number | null;
  /** Points from the score to the next level's lower bound. */
  readonly pointsToNextLevel: number | null;
  /** What reaching the next level takes, from the instrument's catalogue (in the asked language); empty without one. */
  readonly nextSteps: readonly NextStep[];
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
  /** The wave the trend is measured against, null when there is none. */
  readonly previousWave: number | null;
  /** Language of the texts (`verdict`, `peerGroupName`, `nextSteps`). */
  readonly lang: PlainLang;
  /** The peer group in plain words, e.g. "the five largest cities". */
  readonly peerGroupName: string;
  /** Rank of the city's index among the cities of the wave with an index; null when it has none. */
  readonly indexRank: { readonly rank: number; readonly of: number } | null;
  /** The verdict in one paragraph: clear gaps first, then where there is no clear difference. */
  readonly verdict: string;
  /** Dimension keys in the order to take them up: clearly behind first, then nearest next level. */
  readonly priorities: readonly string[];
  readonly dimensions: readonly GapJson[];
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

export function gapsJson(ws: WaveScoring, cityName: string, peerSpec: string = DEFAULT_PEERS, lang: PlainLang = 'en'): GapsJson {
  const city = findCityIn(ws, cityName);
  const peers = peerSlugs(ws, city.slug, peerSpec);
  const name = (slug: string | null) => (slug === null ? null : ws.citiesBySlug.get(slug)!.name);
  const gaps = cityGaps({ instrument: ws.instrument, scorer: ws.scorer, cities: ws.cities, moments: ws.moments, focus: city.slug, peers });
  const trend = trendOf(ws, city.slug);
  const focus = ws.cities.find((c) => c.city === city.slug)!;
  const dimensions = gaps.map((g, i) => {
    const level = focus.dimensions[i]!.level;
    return {
      ...g,
      leader: name(g.leader),
      trend: trend.dimensions[i]!.delta,
      trendSignificant: trend.dimensions[i]!.significant,
      level,
      ...nextLevelOf(ws.instrument, g.key, g.score, level, lang),
    };
  });
  const peerNames = peers.map((p) => name(p)!);
  const groupName = peerGroupName(parsePeerSpec(peerSpec), lang, peerNames);
  const indexes = ws.cities.map((c) => c.index.score).filter((v): v is number => v !== null);
  const indexRank = focus.index.score === null ? null : { rank: rankAmong(focus.index.score, indexes).rank, of: indexes.length };
  const levelOf = (level: number) => ws.instrument.levels.find((l) => l.level === level);
  const verdict = cityVerdict({
    lang,
    city: city.name,
    peers: groupName,
    rank: indexRank,
    index:
      focus.index.score === null || focus.index.level === null
        ? null
        : { score: focus.index.score, level: focus.index.level, levelLabel: localize(levelOf(focus.index.level)?.label, lang) },
    indexSuppressed: focus.index.suppressed,
    gaps: dimensions.map((g, d) => verdictGapOf(localize(ws.instrument.dimensions[d]!.label, lang), g, welchInterval(ws, city.slug, peers, d))),
  });
  return {
    city: city.name,
    slug: city.slug,
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    peerGroup: peerSpec,
    peers: peers.map((p) => name(p)!),
    previousWave: trend.previousWave,
    lang,
    peerGroupName: groupName,
    indexRank,
    verdict,
    priorities: priorityOrder(
      dimensions.map((g) => ({ key: g.key, gap: g.gapToPeers, significant: g.testable ? g.significant : null, pointsToNextLevel: g.pointsToNextLevel, suppressed: g.suppressed })),
    ),
    dimensions,
  };
}

/**
 * The verdict's reading of a gap: the gap statistics' own interval when the
 * gaps carry one (`gapToPeersCiLow/High`), else Welch's interval of the
 * pooled difference, the one the `significant` flag comes from.
 */
export function verdictGapOf(label: string, g: GapJson, fallback: Interval | null): VerdictGap {
  const stats = g as GapJson & { gapToPeersCiLow?: number | null; gapToPeersCiHigh?: number | null };
  const interval: Interval | null =
    stats.gapToPeersCiLow != null && stats.gapToPeersCiHigh != null ? [stats.gapToPeersCiLow, stats.gapToPeersCiHigh] : fallback;
  return {
    label,
    gap: g.suppressed ? null : g.gapToPeers,
    ciLow: interval?.[0] ?? null,
    ciHigh: interval?.[1] ?? null,
    significant: g.testable ? g.significant : null,
    suppressed: g.suppressed,
  };
}

/** Welch's 95 % interval of the city's respondents against the pooled respondents of the peers scored on dimension `d`. */
export function welchInterval(ws: WaveScoring, slug: string, peers: readonly string[], d: number): Interval | null {
  const slot = ws.scorer.slotOf.get(ws.instrument.dimensions[d]!.key)!;
  const scored = new Map(ws.cities.map((c) => [c.city, c]));
  const pooled = poolMoments(
    peers
      .filter((s) => scored.get(s)?.dimensions[d]?.score != null)
      .map((s) => ws.moments.get(s)?.nodes[slot])
      .filter((m): m is Moments => m !== undefined),
  );
  return gapToPeersInterval(ws.moments.get(slug)?.nodes[slot], pooled);
}

/** The trend of a city of the wave against the previous wave (DESIGN §8). */
export function trendOf(ws: WaveScoring, slug: string) {
  const score = ws.cities.find((c) => c.city === slug)!;
  const prevScore = ws.previous?.cities.find((c) => c.city === slug);
  const prev = prevScore ? { score: prevScore, moments: ws.previous!.moments.get(slug)! } : undefined;
  return cityTrend(ws.instrument, ws.scorer, { score, moments: ws.moments.get(slug)! }, prev, ws.previous?.wave.year ?? null);
}
