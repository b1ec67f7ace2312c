import { cityScore } from '../domain/city-scores.js';
import { DEFAULT_PEER_GROUP, type Peers } from '../domain/peer-groups.js';
import type { PlainLang } from '../domain/peer-group-name.js';
import { raiseMoments, type Raise } from '../domain/what-if.js';
import { findCityIn } from './find-city.js';
import { gapsJson, type GapsJson } from './gaps-json.js';
import type { WaveScoring } from './wave-scoring.js';

/** A what-if and the real figures it starts from. */
export interface WhatIfJson {
  readonly city: string;
  readonly slug: string;
  readonly wave: number;
  readonly synthetic: boolean;
  readonly raise: readonly { readonly dimension: string; readonly from: number | null; readonly to: number }[];
  readonly before: WhatIfFigures;
  readonly after: WhatIfFigures;
}

export interface WhatIfFigures {
  readonly index: number | null;
  readonly level: number | null;
  readonly rank: { readonly rank: number; readonly of: number } | null;
  readonly verdict: string;
  readonly dimensions: readonly {
    readonly key: string;
    readonly score: number | null;
    readonly level: number | null;
    readonly gapToPeers: number | null;
    readonly significant: boolean | null;
    readonly rank: number | null;
  }[];
}

/** The wave as it would be scored if `slug`'s raised dimensions reached their scores (nothing else changes). */
export function whatIfWave(ws: WaveScoring, slug: string, raise: Raise): WaveScoring {
  const moments = new Map(ws.moments);
  const raised = raiseMoments(ws.instrument, ws.scorer, ws.moments.get(slug)!, raise);
  moments.set(slug, raised);
  const cities = ws.cities.map((c) => (c.city === slug ? cityScore(ws.instrument, ws.scorer, raised) : c));
  return { ...ws, moments, cities };
}

/** The city's figures now and under the what-if, both from `gapsJson` on a scored wave. */
export function whatIfJson(
  ws: WaveScoring,
  cityName: string,
  raise: Raise,
  peers: Peers = DEFAULT_PEER_GROUP,
  lang: PlainLang = 'en',
): WhatIfJson {
  const city = findCityIn(ws, cityName);
  const raised = whatIfWave(ws, city.slug, raise);
  const before = gapsJson(ws, city.slug, peers, lang);
  const after = gapsJson(raised, city.slug, peers, lang);
  const indexOf = (w: WaveScoring) => w.cities.find((c) => c.city === city.slug)!.index;
  return {
    city: city.name,
    slug: city.slug,
    wave: ws.wave.year,
    synthetic: ws.synthetic,
    raise: [...raise].map(([dimension, to]) => ({
      dimension,
      from: before.dimensions.find((d) => d.key === dimension)?.score ?? null,
      to,
    })),
    before: figures(before, indexOf(ws)),
    after: figures(after, indexOf(raised)),
  };
}

function figures(gaps: GapsJson, index: { score: number | null; level: number | null }): WhatIfFigures {
  return {
    index: index.score,
    level: index.level,
    rank: gaps.indexRank,
    verdict: gaps.verdict,
    dimensions: gaps.dimensions.map((d) => ({
      key: d.key,
      score: d.score,
      level: d.level,
      gapToPeers: d.gapToPeers,
      significant: d.testable ? d.significant : null,
      rank: d.rank,
    })),
  };
}
