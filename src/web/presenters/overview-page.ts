import { commonGaps } from '../../domain/common-gaps.js';
import { localize } from '../../domain/instrument.js';
import type { WaveScoring } from '../../services/wave-scoring.js';
import type { Lang } from '../i18n.js';

export interface HeatCell {
  readonly score: number | null;
  readonly level: number | null;
  readonly suppressed: boolean;
  readonly n: number;
}

export interface OverviewView {
  readonly wave: number;
  readonly instrument: { readonly id: string; readonly name: string };
  readonly synthetic: boolean;
  readonly minRespondents: number;
  readonly dimensions: readonly { readonly key: string; readonly label: string }[];
  readonly rows: readonly {
    readonly city: string;
    readonly slug: string;
    readonly country: string;
    readonly respondents: number;
    readonly index: HeatCell;
    readonly cells: readonly HeatCell[];
  }[];
  readonly commonGaps: readonly { readonly key: string; readonly label: string; readonly meanGapToTarget: number | null; readonly shareBelowLevel3: number | null }[];
  readonly counts: { readonly cities: number; readonly respondents: number };
}

/** The overview of a wave: heat table rows and the common gaps. */
export function presentOverview(ws: WaveScoring, lang: Lang): OverviewView {
  const labels = new Map(ws.instrument.dimensions.map((d) => [d.key, localize(d.label, lang)]));
  const rows = ws.cities.map((c) => {
    const city = ws.citiesBySlug.get(c.city)!;
    return {
      city: city.name,
      slug: city.slug,
      country: city.country,
      respondents: c.respondents,
      index: { ...c.index, n: c.respondents },
      cells: c.dimensions.map((d) => ({ score: d.score, level: d.level, suppressed: d.suppressed, n: d.n })),
    };
  });
  return {
    wave: ws.wave.year,
    instrument: { id: ws.instrument.id, name: localize(ws.instrument.name, lang) },
    synthetic: ws.synthetic,
    minRespondents: ws.instrument.minRespondents,
    dimensions: ws.instrument.dimensions.map((d) => ({ key: d.key, label: labels.get(d.key)! })),
    rows,
    commonGaps: commonGaps(ws.instrument, ws.cities).map((g) => ({ ...g, label: labels.get(g.key)! })),
    counts: { cities: rows.length, respondents: rows.reduce((s, r) => s + r.respondents, 0) },
  };
}
