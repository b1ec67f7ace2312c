import type { Interval } from '../../domain/gap-intervals.js';
import { localize } from '../../domain/instrument.js';
import type { CityIndexUncertainty } from '../../domain/index-uncertainty.js';
import { questionGaps } from '../../domain/question-gaps.js';
import type { QuestionMean } from '../../domain/question-means.js';
import { rankAmong } from '../../domain/rank.js';
import type { DashboardWave, TrendPoint } from '../../services/dashboard-data.js';
import type { GapJson, GapsJson } from '../../services/gaps-json.js';
import type { WaveScoring } from '../../services/wave-scoring.js';
import type { Lang } from '../i18n.js';
import { translate } from '../i18n.js';
import { barChart, lineChart, radarChart } from './chart-configs.js';
import { PALETTE } from './palette.js';

export interface CityGapRow extends GapJson {
  readonly label: string;
  /** Null when suppressed. */
  readonly n: number | null;
  readonly level: number | null;
  readonly levelLabel: string | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly allMean: number | null;
  readonly intervals: {
    readonly target: Interval | null;
    readonly peers: Interval | null;
    readonly leader: Interval | null;
  };
  /** Clear difference of each gap (Holm-adjusted p < 0.05 within its family); null = not testable. */
  readonly significance: {
    readonly target: boolean | null;
    readonly peers: boolean | null;
    readonly leader: boolean | null;
  };
  /** Rank stability interval, when the scoring engine provides one */
  readonly rankInterval: readonly [number, number] | null;
  /** Change against the previous wave and its significance, when the gaps carry them; undefined otherwise. */
  readonly change?: { readonly delta: number | null; readonly significant: boolean | null };
}

export interface DrilldownQuestion {
  readonly code: string;
  readonly text: string;
  /** Reverse-coded: agreeing lowers the score (the reader must know, or the bar reads backwards). */
  readonly reverse: boolean;
  readonly score: number | null;
  /** Null when suppressed. */
  readonly n: number | null;
  readonly suppressed: boolean;
  readonly peerMean: number | null;
  readonly peerCities: number;
  readonly difference: number | null;
  /** 95 % interval of the difference, and its Benjamini–Hochberg-adjusted p over the dimension's questions. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly pAdjusted: number | null;
  readonly significant: boolean | null;
  readonly driver: boolean;
}

export interface CityPageView {
  readonly city: string;
  /** Every dimension suppressed (a small segment): the page says so instead of drawing empty charts. */
  readonly allSuppressed: boolean;
  readonly slug: string;
  readonly country: string;
  readonly wave: number;
  readonly synthetic: boolean;
  readonly minRespondents: number;
  /** Null for a segment's part whose count is suppressed. */
  readonly respondents: number | null;
  readonly index: { readonly score: number | null; readonly level: number | null; readonly suppressed: boolean };
  readonly peerGroup: string;
  /** The peer group in plain words, in the page's language ("de vijf grootste steden"). */
  readonly peerGroupName: string;
  readonly peers: readonly string[];
  readonly rows: readonly CityGapRow[];
  readonly levels: readonly { readonly level: number; readonly from: number; readonly label: string }[];
  readonly drilldown: readonly {
    readonly key: string;
    readonly label: string;
    readonly questions: readonly DrilldownQuestion[];
  }[];
  readonly trend: readonly TrendPoint[];
  /**
   * Rank of the city's index among the cities with a complete index, with the 90 % rank interval,
   * median rank and 95 % index interval when the bootstrap ran; null when the index is incomplete (not ranked).
   */
  readonly indexRank: {
    readonly rank: number;
    readonly of: number;
    readonly low: number | null;
    readonly high: number | null;
    readonly median: number | null;
    readonly indexLow: number | null;
    readonly indexHigh: number | null;
  } | null;
  /** True when a dimension of the index is suppressed or missing: the city is not ranked. */
  readonly indexIncomplete: boolean;
  /** Whether the gaps carry the change against the previous wave */
  readonly hasChange: boolean;
  /** Chart.js configurations (drawn by public/js/charts.js). */
  readonly radar: unknown;
  readonly gapChart: unknown;
  readonly trendChart: unknown | null;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

export interface CityPageInput {
  readonly gaps: GapsJson;
  readonly lang: Lang;
  readonly questions?: ReadonlyMap<string, readonly QuestionMean[]>;
  readonly trend?: readonly TrendPoint[];
  /** The index's bootstrap intervals (index-uncertainty.ts), when computed. */
  readonly rankStability?: CityIndexUncertainty | null;
}

/**
 * A city against its peer group: gap rows with intervals, the radar of city,
 * peer mean and all-city mean, gap bars, the question drill-down and the trend.
 */
export function presentCityPage(
  source: WaveScoring | DashboardWave,
  gapsOrInput: GapsJson | CityPageInput,
  langArg?: Lang,
): CityPageView {
  const ws = 'ws' in source ? source.ws : source;
  const input: CityPageInput = 'gaps' in gapsOrInput ? gapsOrInput : { gaps: gapsOrInput, lang: langArg ?? 'en' };
  const { gaps, lang } = input;
  const t = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const slugByName = new Map([...ws.citiesBySlug.values()].map((c) => [c.name, c.slug]));
  const scoreBySlug = new Map(ws.cities.map((c) => [c.city, c]));
  const peerSlugs = gaps.peers.map((name) => slugByName.get(name)!).filter((s) => s !== undefined);
  const score = scoreBySlug.get(gaps.slug)!;

  const rows: CityGapRow[] = gaps.dimensions.map((g, d) => {
    const node = score.dimensions[d]!;
    const all = ws.cities.map((c) => c.dimensions[d]!.score).filter((s): s is number => s !== null);
    const pair = (low: number | null, high: number | null): Interval | null =>
      low === null || high === null ? null : [low, high];
    const target = pair(g.gapToTargetCiLow, g.gapToTargetCiHigh);
    const peers = pair(g.gapToPeersCiLow, g.gapToPeersCiHigh);
    const leader = pair(g.gapToLeaderCiLow, g.gapToLeaderCiHigh);
    const extra = g as GapJson & {
      rankLow?: number;
      rankHigh?: number;
      rankInterval?: readonly [number, number];
      trend?: number | null;
      trendSignificant?: boolean | null;
    };
    const level = instrumentLevel(ws, node.level);
    return {
      ...g,
      label: localize(ws.instrument.dimensions[d]!.label, lang),
      n: node.n,
      level: node.level,
      levelLabel: level ? localize(level.label, lang) : null,
      ciLow: node.ciLow,
      ciHigh: node.ciHigh,
      allMean: mean(all),
      intervals: { target, peers, leader },
      significance: {
        target: g.gapToTarget === null ? null : g.gapToTarget === 0 ? false : g.targetSignificant,
        peers: g.significant,
        leader: g.leaderSignificant,
      },
      rankInterval:
        extra.rankInterval ??
        (extra.rankLow !== undefined && extra.rankHigh !== undefined ? [extra.rankLow, extra.rankHigh] : null),
      ...('trend' in extra
        ? { change: { delta: extra.trend ?? null, significant: extra.trendSignificant ?? null } }
        : {}),
    };
  });

  const labels = rows.map((r) => r.label);
  const radar = radarChart(labels, [
    { label: gaps.city, data: rows.map((r) => r.score) },
    { label: `${t('peerMean')} (${gaps.peerGroupName})`, data: rows.map((r) => r.peerMean) },
    { label: t('allCities'), data: rows.map((r) => r.allMean), dashed: true },
  ]);
  const notSig = (key: 'target' | 'peers' | 'leader') => rows.map((r) => r.significance[key] === false);
  const gapChart = barChart(
    labels,
    [
      {
        label: t('gapToTarget'),
        data: rows.map((r) => r.gapToTarget),
        intervals: rows.map((r) => r.intervals.target),
        notSignificant: notSig('target'),
        color: PALETTE[5],
      },
      {
        label: t('gapToPeers'),
        data: rows.map((r) => r.gapToPeers),
        intervals: rows.map((r) => r.intervals.peers),
        notSignificant: notSig('peers'),
        color: PALETTE[0],
      },
      {
        label: t('gapToLeader'),
        data: rows.map((r) => r.gapToLeader),
        intervals: rows.map((r) => r.intervals.leader),
        notSignificant: notSig('leader'),
        color: PALETTE[3],
      },
    ],
    { horizontal: true, axisTitle: t('gapAxis'), nsLabel: t('notSignificantShort') },
  );

  const drilldown = ws.instrument.dimensions.map((dim) => {
    const indexes = ws.instrument.questions.map((q, i) => ({ q, i })).filter(({ q }) => q.dimension === dim.key);
    const own = input.questions?.get(gaps.slug) ?? [];
    const tested = questionGaps(
      indexes.map(({ i }) => i),
      own,
      peerSlugs.map((s) => input.questions?.get(s)),
    );
    const questions = indexes
      .map(({ q, i }, j): DrilldownQuestion => {
        const g = tested[j]!;
        const mine = own[i];
        return {
          code: q.code,
          text: localize(q.text, lang),
          reverse: q.reverse,
          score: g.score,
          n: mine?.n ?? null,
          suppressed: mine?.suppressed ?? true,
          peerMean: g.peerMean,
          peerCities: g.peerCities,
          difference: g.difference,
          ciLow: g.ciLow,
          ciHigh: g.ciHigh,
          pAdjusted: g.pAdjusted,
          significant: g.significant,
          driver: g.driver,
        };
      })
      .sort((a, b) => (b.difference ?? -Infinity) - (a.difference ?? -Infinity));
    return { key: dim.key, label: localize(dim.label, lang), questions };
  });

  const trend = input.trend ?? [];
  const trendChart =
    trend.length < 2
      ? null
      : lineChart(
          trend.map((p) => p.wave),
          [
            ...rows.map((r, d) => ({ label: r.label, data: trend.map((p) => p.dimensions[d]?.score ?? null) })),
            { label: t('index'), data: trend.map((p) => p.index?.score ?? null), dashed: true },
          ],
          t('scoreAxis'),
        );

  const complete = (c: (typeof ws.cities)[number]) =>
    c.index.score !== null && c.dimensions.every((d) => d.score !== null);
  const indexes = ws.cities.filter(complete).map((c) => c.index.score!);
  const stability = input.rankStability?.complete ? input.rankStability : null;
  const indexRank = !complete(score)
    ? null
    : {
        rank: rankAmong(score.index.score!, indexes).rank,
        of: indexes.length,
        low: stability?.rankLow ?? null,
        high: stability?.rankHigh ?? null,
        median: stability?.medianRank ?? null,
        indexLow: stability?.indexLow ?? null,
        indexHigh: stability?.indexHigh ?? null,
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
    peerGroupName: gaps.peerGroupName,
    peers: gaps.peers,
    rows,
    levels: ws.instrument.levels.map((l) => ({ level: l.level, from: l.from, label: localize(l.label, lang) })),
    drilldown,
    trend,
    indexRank,
    indexIncomplete: score.index.score !== null && !complete(score),
    hasChange: rows.some((r) => r.change !== undefined),
    allSuppressed: rows.every((r) => r.suppressed),
    radar,
    gapChart,
    trendChart,
  };
}

function instrumentLevel(ws: WaveScoring, level: number | null) {
  return level === null ? undefined : ws.instrument.levels.find((l) => l.level === level);
}
