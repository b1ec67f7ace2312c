import { DomainError } from '../domain/domain-error.js';
import { DEFAULT_PEER_GROUP, parsePeerSpec, resolvePeers, type Peers, type PeerSpec } from '../domain/peer-groups.js';
import { cityGaps, type DimensionGap } from '../domain/gaps.js';
import { localize } from '../domain/instrument.js';
import { nextLevelOf, priorityOrder, type NextStep } from '../domain/next-steps.js';
import { peerGroupName, type PlainLang } from '../domain/peer-group-name.js';
import { rankAmong } from '../domain/rank.js';
import { cityTrend } from '../domain/trend.js';
import { cityVerdict, type VerdictGap } from '../domain/verdict.js';
import { findCityIn, findKnownCity } from './find-city.js';
import type { WaveScoring } from './wave-scoring.js';

export interface GapJson extends Omit<DimensionGap, 'leader'> {
  /** Respondents behind the score; null when it is suppressed. */
  readonly n: number | null;
  /** Name of the best-scoring peer. */
  readonly leader: string | null;
  /** Change of the score against the previous wave of the instrument (docs/scoring.md); null when not published. */
  readonly trend: number | null;
  /** Welch's p of that change, and Holm-adjusted over the dimensions (one family). */
  readonly trendPValue: number | null;
  readonly trendPAdjusted: number | null;
  /** trendPAdjusted < 0.05: a clear change; null when not testable. */
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

/** The `gaps` shape (docs/scoring.md "CLI and API"), shared by CLI and API. */
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
  readonly notes: typeof GAP_TEST_NOTES;
}

/** A peer spec, with `group:<name>` replaced by the saved group's own spec (read from its stored text). */
export function expandPeerSpec(ws: WaveScoring, parsed: PeerSpec): PeerSpec {
  if (parsed.kind !== 'named') return parsed;
  const saved = ws.peerGroups.get(parsed.name.toLowerCase());
  if (saved === undefined) {
    const known = [...ws.peerGroups.keys()];
    throw new DomainError(
      'peer-group-not-found',
      `No saved peer group called "${parsed.name}".` +
        (known.length > 0
          ? ` Saved groups: ${known.join(', ')}.`
          : ' Save one with: maturity peers save <name> <spec>.'),
    );
  }
  return parsePeerSpec(saved);
}

/** Peer city slugs of `focusSlug` for a peer spec such as `largest:5` or `group:benelux`. */
export function peerSlugs(ws: WaveScoring, focusSlug: string, spec: PeerSpec): string[] {
  const candidates = [...ws.citiesBySlug.values()].map((c) => ({
    id: c.slug,
    country: c.country,
    population: c.population,
  }));
  return resolvePeers(expandPeerSpec(ws, spec), focusSlug, candidates, (name) => findKnownCity(ws, name).slug);
}

export function gapsJson(
  ws: WaveScoring,
  cityName: string,
  peerGroup: Peers = DEFAULT_PEER_GROUP,
  lang: PlainLang = 'en',
): GapsJson {
  const city = findCityIn(ws, cityName);
  const peers = peerSlugs(ws, city.slug, peerGroup.spec);
  const name = (slug: string | null) => (slug === null ? null : ws.citiesBySlug.get(slug)!.name);
  const gaps = cityGaps({
    instrument: ws.instrument,
    scorer: ws.scorer,
    cities: ws.cities,
    moments: ws.moments,
    focus: city.slug,
    peers,
  });
  const trend = trendOf(ws, city.slug);
  const focus = ws.cities.find((c) => c.city === city.slug)!;
  const dimensions = gaps.map((g, i) => {
    const level = focus.dimensions[i]!.level;
    return {
      ...g,
      n: focus.dimensions[i]!.n,
      leader: name(g.leader),
      trend: trend.dimensions[i]!.delta,
      trendPValue: trend.dimensions[i]!.pValue,
      trendPAdjusted: trend.dimensions[i]!.pAdjusted,
      trendSignificant: trend.dimensions[i]!.significant,
      level,
      ...nextLevelOf(ws.instrument, g.key, g.score, level, lang),
    };
  });
  const peerNames = peers.map((p) => name(p)!);
  const groupName = peerGroupName(peerGroup.spec, lang, peerNames);
  // Ranked as on the city page: only cities whose index has every dimension (an incomplete index is not comparable).
  const complete = (c: (typeof ws.cities)[number]) =>
    c.index.score !== null && c.dimensions.every((d) => d.score !== null);
  const indexes = ws.cities.filter(complete).map((c) => c.index.score!);
  const indexRank = !complete(focus) ? null : { rank: rankAmong(focus.index.score!, indexes).rank, of: indexes.length };
  const levelOf = (level: number) => ws.instrument.levels.find((l) => l.level === level);
  const verdict = cityVerdict({
    lang,
    city: city.name,
    peers: groupName,
    rank: indexRank,
    index:
      focus.index.score === null || focus.index.level === null
        ? null
        : {
            score: focus.index.score,
            level: focus.index.level,
            levelLabel: localize(levelOf(focus.index.level)?.label, lang),
          },
    indexSuppressed: focus.index.suppressed,
    gaps: dimensions.map((g, d) => verdictGapOf(localize(ws.instrument.dimensions[d]!.label, lang), g)),
  });
  return {
    city: city.name,
    slug: city.slug,
    wave: ws.wave.year,
    instrument: ws.instrument.id,
    synthetic: ws.synthetic,
    segment: ws.segment ?? null,
    peerGroup: peerGroup.text,
    peers: peers.map((p) => name(p)!),
    previousWave: trend.previousWave,
    lang,
    peerGroupName: groupName,
    indexRank,
    verdict,
    priorities: priorityOrder(
      dimensions.map((g) => ({
        key: g.key,
        gap: g.gapToPeers,
        significant: g.testable ? g.significant : null,
        pointsToNextLevel: g.pointsToNextLevel,
        suppressed: g.suppressed,
      })),
    ),
    dimensions,
    notes: GAP_TEST_NOTES,
  };
}

/** The verdict's reading of a gap: the gap to peers with its 95 % interval and its Holm-adjusted clear-difference flag. */
export function verdictGapOf(label: string, g: GapJson): VerdictGap {
  return {
    label,
    gap: g.suppressed ? null : g.gapToPeers,
    ciLow: g.gapToPeersCiLow,
    ciHigh: g.gapToPeersCiHigh,
    significant: g.testable ? g.significant : null,
    suppressed: g.suppressed,
  };
}

/** The trend of a city of the wave against the previous wave (docs/scoring.md). */
export function trendOf(ws: WaveScoring, slug: string) {
  const score = ws.cities.find((c) => c.city === slug)!;
  const prevScore = ws.previous?.cities.find((c) => c.city === slug);
  const prev = prevScore ? { score: prevScore, moments: ws.previous!.moments.get(slug)! } : undefined;
  return cityTrend(
    ws.instrument,
    ws.scorer,
    { score, moments: ws.moments.get(slug)! },
    prev,
    ws.previous?.wave.year ?? null,
  );
}
