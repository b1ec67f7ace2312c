import { quantileSorted } from 'simple-statistics';
import { commonGaps } from '../../domain/common-gaps.js';
import { localize } from '../../domain/instrument.js';
import type { DashboardWave } from '../../services/dashboard-data.js';
import type { WaveScoring } from '../../services/wave-scoring.js';
import type { Lang } from '../i18n.js';
import { translate } from '../i18n.js';
import { stripChart } from './chart-configs.js';

export interface HeatCell {
  readonly score: number | null;
  readonly level: number | null;
  readonly suppressed: boolean;
  /** Null when suppressed. */
  readonly n: number | null;
}

export interface DistributionRow {
  readonly key: string;
  readonly label: string;
  /** Cities with a (not suppressed) score. */
  readonly cities: number;
  readonly min: number | null;
  readonly q1: number | null;
  readonly median: number | null;
  readonly q3: number | null;
  readonly max: number | null;
}

export interface OverviewView {
  readonly wave: number;
  /** The page heading: the instrument's name, with the wave year unless the name holds it already. */
  readonly title: string;
  /** The maturity levels, for the key of the heat table's colours. */
  /** No city has a score that is not suppressed (a small segment): the page says so instead of drawing an empty chart. */
  readonly allSuppressed: boolean;
  readonly levels: readonly {
    readonly level: number;
    readonly from: number;
    readonly to: number;
    readonly label: string;
  }[];
  readonly instrument: { readonly id: string; readonly name: string };
  readonly synthetic: boolean;
  readonly minRespondents: number;
  readonly dimensions: readonly { readonly key: string; readonly label: string }[];
  readonly rows: readonly {
    readonly city: string;
    readonly slug: string;
    readonly country: string;
    /** Null for a segment's part whose count is suppressed. */
    readonly respondents: number | null;
    readonly index: HeatCell;
    readonly cells: readonly HeatCell[];
  }[];
  readonly commonGaps: readonly {
    readonly key: string;
    readonly label: string;
    readonly meanGapToTarget: number | null;
    readonly shareBelowLevel3: number | null;
    readonly cities: number;
  }[];
  readonly distribution: readonly DistributionRow[];
  /** Chart.js configuration of the strip chart of the distribution. */
  readonly distributionChart: unknown;
  readonly counts: { readonly cities: number; readonly respondents: number; readonly imports: number };
}

/** Min, quartiles (simple-statistics' `quantileSorted`) and max of the cities' scores. */
function spread(values: number[]): Omit<DistributionRow, 'key' | 'label'> {
  if (values.length === 0) return { cities: 0, min: null, q1: null, median: null, q3: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    cities: sorted.length,
    min: sorted[0]!,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
  };
}

/**
 * The overview's heading: the instrument's name and the wave, the year said once.
 * @example overviewTitle('AI Maturity Survey 2026', 2026) // => 'AI Maturity Survey 2026'
 * @example overviewTitle('AI Maturity Survey 2026', 2027) // => 'AI Maturity Survey 2026 · 2027'
 */
export function overviewTitle(name: string, wave: number): string {
  return new RegExp(`(^|\\D)${wave}(\\D|$)`).test(name) ? name : `${name} · ${wave}`;
}

/** The overview of a wave: heat table rows, the common gaps, the spread of each dimension and the counts. */
export function presentOverview(input: WaveScoring | DashboardWave, lang: Lang): OverviewView {
  const dw: Pick<DashboardWave, 'ws' | 'imports'> = 'ws' in input ? input : { ws: input, imports: 0 };
  const { ws } = dw;
  const labels = new Map(ws.instrument.dimensions.map((d) => [d.key, localize(d.label, lang)]));
  const rows = ws.cities.map((c) => {
    const city = ws.citiesBySlug.get(c.city)!;
    return {
      city: city.name,
      slug: city.slug,
      country: city.country,
      respondents: c.respondents,
      index: { ...c.index, n: c.index.suppressed ? null : c.respondents },
      cells: c.dimensions.map((d) => ({ score: d.score, level: d.level, suppressed: d.suppressed, n: d.n })),
    };
  });
  const dimensions = ws.instrument.dimensions.map((d) => ({ key: d.key, label: labels.get(d.key)! }));
  const perDimension = dimensions.map((_, d) =>
    ws.cities.map((c) => c.dimensions[d]!.score).filter((s): s is number => s !== null),
  );
  const distribution = dimensions.map((d, i) => ({ ...d, ...spread(perDimension[i]!) }));
  const levels = [...ws.instrument.levels].sort((a, b) => a.from - b.from);
  return {
    wave: ws.wave.year,
    allSuppressed: rows.every((r) => r.cells.every((c) => c.suppressed)),
    title: overviewTitle(localize(ws.instrument.name, lang), ws.wave.year),
    levels: levels.map((l, i) => ({
      level: l.level,
      from: l.from,
      to: levels[i + 1]?.from ?? 100,
      label: localize(l.label, lang),
    })),
    instrument: { id: ws.instrument.id, name: localize(ws.instrument.name, lang) },
    synthetic: ws.synthetic,
    minRespondents: ws.instrument.minRespondents,
    dimensions,
    rows,
    commonGaps: commonGaps(ws.instrument, ws.cities).map((g) => ({ ...g, label: labels.get(g.key)! })),
    distribution,
    distributionChart: stripChart(
      dimensions.map((d) => d.label),
      perDimension,
      distribution.map((d) => d.median),
      { points: translate(lang, 'cities'), median: translate(lang, 'median') },
    ),
    counts: {
      cities: rows.length,
      respondents: rows.reduce((s, r) => s + (r.respondents ?? 0), 0),
      imports: dw.imports,
    },
  };
}
