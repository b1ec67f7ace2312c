import { localize } from '../../domain/instrument.js';
import type { GapsJson } from '../../services/gaps-json.js';
import type { WaveScoring } from '../../services/wave-scoring.js';
import type { Lang } from '../i18n.js';
import { translate } from '../i18n.js';
import { fill, PALETTE } from './palette.js';

export interface CityPageView {
  readonly city: string;
  readonly slug: string;
  readonly country: string;
  readonly wave: number;
  readonly synthetic: boolean;
  readonly minRespondents: number;
  readonly respondents: number;
  readonly index: { readonly score: number | null; readonly level: number | null; readonly suppressed: boolean };
  readonly peerGroup: string;
  readonly peers: readonly string[];
  readonly rows: readonly (GapsJson['dimensions'][number] & {
    readonly label: string;
    readonly n: number;
    readonly level: number | null;
    readonly ciLow: number | null;
    readonly ciHigh: number | null;
    readonly allMean: number | null;
  })[];
  /** Chart.js configuration of the radar (drawn by public/js/charts.js). */
  readonly radar: unknown;
}

const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);

/** A city against its peer group: gap rows and the radar of city, peer mean and all-city mean. */
export function presentCityPage(ws: WaveScoring, gaps: GapsJson, lang: Lang): CityPageView {
  const score = ws.cities.find((c) => c.city === gaps.slug)!;
  const rows = gaps.dimensions.map((g, d) => {
    const node = score.dimensions[d]!;
    const all = ws.cities.map((c) => c.dimensions[d]!.score).filter((s): s is number => s !== null);
    return {
      ...g,
      label: localize(ws.instrument.dimensions[d]!.label, lang),
      n: node.n,
      level: node.level,
      ciLow: node.ciLow,
      ciHigh: node.ciHigh,
      allMean: mean(all),
    };
  });
  const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  const series = (label: string, data: (number | null)[], color: string, dashed = false) => ({
    label,
    data: data.map(round),
    borderColor: color,
    backgroundColor: fill(color),
    pointBackgroundColor: color,
    borderWidth: 2,
    ...(dashed ? { borderDash: [6, 4] } : {}),
  });
  const radar = {
    type: 'radar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        series(gaps.city, rows.map((r) => r.score), PALETTE[0]),
        series(`${translate(lang, 'peerMean')} (${gaps.peerGroup})`, rows.map((r) => r.peerMean), PALETTE[1]),
        series(translate(lang, 'allCities'), rows.map((r) => r.allMean), PALETTE[2], true),
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: true,
      scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 } } },
      plugins: { legend: { position: 'bottom' } },
    },
  };
  const city = ws.citiesBySlug.get(gaps.slug)!;
  return {
    city: gaps.city,
    slug: gaps.slug,
    country: city.country,
    wave: gaps.wave,
    synthetic: ws.synthetic,
    minRespondents: ws.instrument.minRespondents,
    respondents: score.respondents,
    index: score.index,
    peerGroup: gaps.peerGroup,
    peers: gaps.peers,
    rows,
    radar,
  };
}
