import { localize } from '../../domain/instrument.js';
import type { NodeScore } from '../../domain/city-scores.js';
import type { DashboardWave } from '../../services/dashboard-data.js';
import type { Lang } from '../i18n.js';
import { translate } from '../i18n.js';
import { barChart, radarChart } from './chart-configs.js';

/** The most cities a comparison shows: one colour each of the Okabe–Ito palette. */
export const MAX_COMPARED = 8;

export interface CompareCity {
  readonly name: string;
  readonly slug: string;
  readonly country: string;
  readonly role: 'focus' | 'chosen' | 'peer';
  /** Null for a segment's part whose count is suppressed. */
  readonly respondents: number | null;
  readonly index: { readonly score: number | null; readonly suppressed: boolean };
  readonly cells: readonly Pick<NodeScore, 'score' | 'n' | 'ciLow' | 'ciHigh' | 'level' | 'suppressed'>[];
}

export interface CompareView {
  readonly wave: number;
  readonly synthetic: boolean;
  readonly minRespondents: number;
  /** The peer group in plain words, in the page's language ("the five largest cities"). */
  readonly peerGroup: string;
  readonly dimensions: readonly { readonly key: string; readonly label: string }[];
  readonly cities: readonly CompareCity[];
  /** Cities left out beyond MAX_COMPARED. */
  readonly omitted: readonly string[];
  readonly radar: unknown;
  readonly bars: unknown;
}

/**
 * The focus city, the cities chosen with it and its peers side by side: a
 * radar with one series per city, grouped bars with 95 % intervals, and the table.
 */
export function presentCompare(
  dw: DashboardWave,
  focus: string,
  chosen: readonly string[],
  peers: readonly string[],
  peerGroup: string,
  lang: Lang,
): CompareView {
  const { ws } = dw;
  const order: { slug: string; role: CompareCity['role'] }[] = [];
  const add = (slug: string, role: CompareCity['role']) => {
    if (!order.some((o) => o.slug === slug)) order.push({ slug, role });
  };
  add(focus, 'focus');
  chosen.forEach((s) => add(s, 'chosen'));
  peers.forEach((s) => add(s, 'peer'));
  const shown = order.slice(0, MAX_COMPARED);
  const byId = new Map(ws.cities.map((c) => [c.city, c]));
  const cities: CompareCity[] = shown.map(({ slug, role }) => {
    const city = ws.citiesBySlug.get(slug)!;
    const score = byId.get(slug)!;
    return {
      name: city.name,
      slug,
      country: city.country,
      role,
      respondents: score.respondents,
      index: score.index,
      cells: score.dimensions.map((d) => ({
        score: d.score,
        n: d.n,
        ciLow: d.ciLow,
        ciHigh: d.ciHigh,
        level: d.level,
        suppressed: d.suppressed,
      })),
    };
  });
  const dimensions = ws.instrument.dimensions.map((d) => ({ key: d.key, label: localize(d.label, lang) }));
  const labels = dimensions.map((d) => d.label);
  return {
    wave: ws.wave.year,
    synthetic: ws.synthetic,
    minRespondents: ws.instrument.minRespondents,
    peerGroup,
    dimensions,
    cities,
    omitted: order.slice(MAX_COMPARED).map((o) => ws.citiesBySlug.get(o.slug)!.name),
    radar: radarChart(
      labels,
      cities.map((c) => ({ label: c.name, data: c.cells.map((x) => x.score) })),
    ),
    bars: barChart(
      labels,
      cities.map((c) => ({
        label: c.name,
        data: c.cells.map((x) => x.score),
        intervals: c.cells.map((x) => (x.ciLow === null || x.ciHigh === null ? null : ([x.ciLow, x.ciHigh] as const))),
      })),
      { min: 0, max: 100, axisTitle: translate(lang, 'scoreAxis') },
    ),
  };
}
