import type { ImportRecord } from '../db/repositories/imports.js';
import { localize } from '../domain/instrument.js';
import type { CityIndexUncertainty } from '../domain/index-uncertainty.js';
import { questionGaps } from '../domain/question-gaps.js';
import type { QuestionMean } from '../domain/question-means.js';
import type { NextStep } from '../domain/next-steps.js';
import type { GapJson, GapsJson } from '../services/gaps-json.js';
import type { WaveScoring } from '../services/wave-scoring.js';
import { formatNumber, methodParagraphs, reportText, type ReportLang } from './report-text.js';

/** One dimension of the focus city: its score and every gap (DESIGN §3, §6). Null = none or suppressed. */
export interface ReportDimension extends Omit<
  GapJson,
  'trend' | 'trendPValue' | 'trendPAdjusted' | 'trendSignificant'
> {
  readonly label: string;
  /** Null when suppressed. */
  readonly n: number | null;
  readonly level: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Unweighted mean of every (unsuppressed) city of the wave: the radar's third line. */
  readonly allMean: number | null;
  readonly levelLabel: string | null;
  /** 95 % interval of the gap to peers (the one the verdict quotes). */
  readonly gapCiLow: number | null;
  readonly gapCiHigh: number | null;
}

/** A dimension to take up, in priority order, with what reaching its next level takes. */
export interface ReportPriority {
  readonly key: string;
  readonly label: string;
  readonly score: number;
  readonly level: number | null;
  readonly levelLabel: string | null;
  readonly nextLevel: number | null;
  readonly nextLevelLabel: string | null;
  readonly pointsToNextLevel: number | null;
  readonly gapToPeers: number | null;
  /** Clearly behind the peers (the gap's test says so). */
  readonly clearlyBehind: boolean;
  readonly steps: readonly NextStep[];
}

export interface ReportQuestion {
  readonly code: string;
  readonly dimension: string;
  readonly dimensionLabel: string;
  readonly text: string;
  readonly n: number;
  readonly score: number;
  readonly peerMean: number;
  readonly gapToPeers: number;
  /** Peer cities whose mean on this question is shown (not suppressed). */
  readonly peerCount: number;
  /** 95 % interval of gapToPeers, its p Benjamini–Hochberg-adjusted over the dimension's questions, and whether that is < 0.05. */
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly pAdjusted: number | null;
  readonly significant: boolean | null;
}

export interface ReportPeerScores {
  readonly city: string;
  readonly respondents: number;
  /** One per dimension, in instrument order; null when suppressed. */
  readonly scores: readonly (number | null)[];
  readonly suppressed: readonly boolean[];
}

export interface ReportTrendRow {
  readonly key: string;
  readonly label: string;
  readonly previous: number | null;
  readonly previousSuppressed: boolean;
  readonly current: number | null;
  readonly currentSuppressed: boolean;
  readonly change: number | null;
  /** Whether the change is a clear one (Welch test of the two waves); null when not testable or for the index. */
  readonly significant: boolean | null;
}

export interface ReportImport {
  readonly id: number;
  readonly fileName: string;
  readonly sha256: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly wave: number;
  readonly respondents: number;
  readonly synthetic: boolean;
}

/** The gap report as data: everything each renderer shows, in the report's language. */
export interface GapReport {
  readonly lang: ReportLang;
  readonly title: string;
  readonly fileStem: string;
  readonly city: { readonly name: string; readonly slug: string; readonly country: string };
  readonly wave: number;
  readonly synthetic: boolean;
  readonly generatedAt: string;
  readonly instrument: { readonly id: string; readonly version: string; readonly name: string };
  readonly minRespondents: number;
  readonly peerGroup: string;
  /** The peer group in plain words ("the five largest cities"). */
  readonly peerGroupName: string;
  readonly peers: readonly string[];
  readonly respondents: number;
  /** Which respondents the figures are over: all, or one segment (in words). */
  readonly segment: string | null;
  readonly index: { readonly score: number | null; readonly level: number | null; readonly suppressed: boolean };
  readonly indexRank: { readonly rank: number; readonly of: number } | null;
  /** The verdict in one paragraph (the report's opening). */
  readonly verdict: string;
  /** The index's bootstrap intervals (index-uncertainty.ts); null when not computed or the index is not published. */
  readonly indexUncertainty: Omit<CityIndexUncertainty, 'city'> | null;
  readonly summary: string;
  /** The instrument's maturity levels, explained: label and score band. */
  readonly levels: readonly {
    readonly level: number;
    readonly from: number;
    readonly to: number | null;
    readonly label: string;
  }[];
  readonly priorities: readonly ReportPriority[];
  readonly dimensions: readonly ReportDimension[];
  readonly peerScores: readonly ReportPeerScores[];
  readonly questions: readonly ReportQuestion[];
  readonly trend: { readonly previousWave: number; readonly rows: readonly ReportTrendRow[] } | null;
  readonly method: readonly string[];
  readonly imports: readonly ReportImport[];
}

export interface GapReportInput {
  readonly ws: WaveScoring;
  readonly gaps: GapsJson;
  /** Slugs of the peer cities, in the order of `gaps.peers`. */
  readonly peerSlugs: readonly string[];
  /** Question means of the focus city and its peers (by slug). */
  readonly questionMeans: ReadonlyMap<string, readonly QuestionMean[]>;
  /** The previous wave of the same instrument, when there is one. */
  readonly previous: WaveScoring | null;
  /** Committed imports of this wave and of the previous one. */
  readonly imports: readonly ImportRecord[];
  readonly lang: ReportLang;
  readonly generatedAt: Date;
  /** The focus city's index and rank intervals, when computed. */
  readonly indexUncertainty?: CityIndexUncertainty | null;
  /** How many questions to list (largest gaps to peers first); default 10. */
  readonly questionLimit?: number;
  /** The segment the figures are over, in words; null = all respondents. */
  readonly segment?: string | null;
}

const meanOf = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Builds the gap report of a city against its peers (pure: all data passed in).
 * Suppressed figures stay null with their flag, so no renderer can print them.
 */
export function buildGapReport(input: GapReportInput): GapReport {
  const { ws, gaps, lang } = input;
  const { instrument } = ws;
  const focus = ws.cities.find((c) => c.city === gaps.slug)!;
  const city = ws.citiesBySlug.get(gaps.slug)!;

  const levelLabel = (level: number | null) => {
    const found = level === null ? undefined : instrument.levels.find((l) => l.level === level);
    return found ? localize(found.label, lang) : null;
  };
  const dimensions: ReportDimension[] = gaps.dimensions.map((g, d) => {
    const node = focus.dimensions[d]!;
    const { trend: _trend, trendPValue: _p, trendPAdjusted: _pa, trendSignificant: _s, ...gap } = g;
    return {
      ...gap,
      label: localize(instrument.dimensions[d]!.label, lang),
      n: node.n,
      score: g.suppressed ? null : g.score,
      level: g.suppressed ? null : node.level,
      ciLow: g.suppressed ? null : node.ciLow,
      ciHigh: g.suppressed ? null : node.ciHigh,
      allMean: meanOf(ws.cities.map((c) => c.dimensions[d]!.score).filter((s): s is number => s !== null)),
      levelLabel: g.suppressed ? null : levelLabel(node.level),
      gapCiLow: g.suppressed ? null : g.gapToPeersCiLow,
      gapCiHigh: g.suppressed ? null : g.gapToPeersCiHigh,
      nextLevel: g.nextLevel,
      pointsToNextLevel: g.pointsToNextLevel,
      nextSteps: g.nextSteps,
    };
  });
  const priorities: ReportPriority[] = gaps.priorities.map((key) => {
    const d = dimensions.find((x) => x.key === key)!;
    return {
      key,
      label: d.label,
      score: d.score!,
      level: d.level,
      levelLabel: d.levelLabel,
      nextLevel: d.nextLevel,
      nextLevelLabel: levelLabel(d.nextLevel),
      pointsToNextLevel: d.pointsToNextLevel,
      gapToPeers: d.gapToPeers,
      clearlyBehind: d.testable && d.significant === true && (d.gapToPeers ?? 0) > 0,
      steps: d.nextSteps,
    };
  });
  const sortedLevels = [...instrument.levels].sort((a, b) => a.from - b.from);

  const peerScores: ReportPeerScores[] = input.peerSlugs.map((slug) => {
    const score = ws.cities.find((c) => c.city === slug);
    return {
      city: ws.citiesBySlug.get(slug)?.name ?? slug,
      respondents: score?.respondents ?? 0,
      scores: instrument.dimensions.map((_, d) => score?.dimensions[d]?.score ?? null),
      suppressed: instrument.dimensions.map((_, d) => score?.dimensions[d]?.suppressed ?? true),
    };
  });

  return {
    lang,
    title: reportText(lang, 'title', { city: city.name, wave: ws.wave.year }),
    fileStem: `gap-report-${city.slug}-${ws.wave.year}`,
    city: { name: city.name, slug: city.slug, country: city.country },
    wave: ws.wave.year,
    synthetic: ws.synthetic || input.imports.some((i) => i.synthetic),
    generatedAt: input.generatedAt.toISOString(),
    instrument: { id: instrument.id, version: instrument.version, name: localize(instrument.name, lang) },
    minRespondents: instrument.minRespondents,
    peerGroup: gaps.peerGroup,
    peerGroupName: gaps.peerGroupName,
    peers: gaps.peers,
    respondents: focus.respondents ?? 0,
    segment: input.segment ?? null,
    index: focus.index,
    indexRank: gaps.indexRank,
    verdict: gaps.verdict,
    levels: sortedLevels.map((l, i) => ({
      level: l.level,
      from: l.from,
      to: sortedLevels[i + 1]?.from ?? null,
      label: localize(l.label, lang),
    })),
    priorities,
    indexUncertainty: input.indexUncertainty && focus.index.score !== null ? withoutCity(input.indexUncertainty) : null,
    summary: summarize(
      lang,
      city.name,
      ws.wave.year,
      focus.respondents ?? 0,
      focus.index,
      gaps.peerGroupName,
      dimensions,
      instrument.minRespondents,
    ),
    dimensions,
    peerScores,
    questions: largestQuestionGaps(input),
    trend: trendOf(input, dimensions),
    method: methodParagraphs(lang, {
      min: instrument.minRespondents,
      coverage: Math.round(instrument.minCoverage * 100),
    }),
    imports: input.imports.map((i) => ({
      id: i.id,
      fileName: i.fileName,
      sha256: i.sha256,
      createdAt: i.createdAt,
      createdBy: i.createdBy,
      wave: i.wave,
      respondents: i.respondents,
      synthetic: i.synthetic,
    })),
  };
}

function withoutCity({ city: _city, ...rest }: CityIndexUncertainty): Omit<CityIndexUncertainty, 'city'> {
  return rest;
}

/** Questions where the city is furthest behind the peer mean of that question (positive gaps first). */
function largestQuestionGaps(input: GapReportInput): ReportQuestion[] {
  const { ws, gaps, lang } = input;
  const own = input.questionMeans.get(gaps.slug);
  if (!own) return [];
  const peers = input.peerSlugs
    .map((s) => input.questionMeans.get(s))
    .filter((m): m is readonly QuestionMean[] => m !== undefined);
  const rows: ReportQuestion[] = [];
  // The tests of each dimension's questions, adjusted together (as the page's drill-down).
  const tested = new Map<number, ReturnType<typeof questionGaps>[number]>();
  for (const d of ws.instrument.dimensions) {
    const indexes = ws.instrument.questions.flatMap((q, i) => (q.dimension === d.key ? [i] : []));
    for (const g of questionGaps(indexes, own, peers)) tested.set(g.index, g);
  }
  ws.instrument.questions.forEach((q, i) => {
    const mine = own[i]!;
    const peerValues = peers.map((p) => p[i]!.score).filter((s): s is number => s !== null);
    const peerMean = meanOf(peerValues);
    if (mine.score === null || peerMean === null) return;
    const dimension = ws.instrument.dimensions.find((d) => d.key === q.dimension)!;
    rows.push({
      code: q.code,
      dimension: q.dimension,
      dimensionLabel: localize(dimension.label, lang),
      text: localize(q.text, lang),
      n: mine.n ?? 0,
      score: mine.score,
      peerMean,
      gapToPeers: peerMean - mine.score,
      peerCount: peerValues.length,
      ciLow: tested.get(i)?.ciLow ?? null,
      ciHigh: tested.get(i)?.ciHigh ?? null,
      pAdjusted: tested.get(i)?.pAdjusted ?? null,
      significant: tested.get(i)?.significant ?? null,
    });
  });
  return rows
    .sort((a, b) => b.gapToPeers - a.gapToPeers || a.code.localeCompare(b.code))
    .slice(0, input.questionLimit ?? 10);
}

function trendOf(input: GapReportInput, dimensions: readonly ReportDimension[]): GapReport['trend'] {
  const { previous, gaps, ws, lang } = input;
  if (!previous) return null;
  const before = previous.cities.find((c) => c.city === gaps.slug);
  const focus = ws.cities.find((c) => c.city === gaps.slug)!;
  const row = (
    key: string,
    label: string,
    prev: { score: number | null; suppressed: boolean } | undefined,
    cur: { score: number | null; suppressed: boolean },
    significant: boolean | null = null,
  ): ReportTrendRow => {
    const p = prev && !prev.suppressed ? prev.score : null;
    const c = cur.suppressed ? null : cur.score;
    return {
      key,
      label,
      previous: p,
      previousSuppressed: prev?.suppressed ?? false,
      current: c,
      currentSuppressed: cur.suppressed,
      change: p === null || c === null ? null : c - p,
      significant: p === null || c === null ? null : significant,
    };
  };
  return {
    previousWave: previous.wave.year,
    rows: [
      row('index', reportText(lang, 'index'), before?.index, focus.index),
      ...dimensions.map((d, i) =>
        row(
          d.key,
          d.label,
          before?.dimensions[i],
          { score: d.score, suppressed: d.suppressed },
          gaps.dimensions[i]!.trendSignificant,
        ),
      ),
    ],
  };
}

/** The plain-words paragraph: largest gaps, where the city leads, what is not significant, what is suppressed. */
function summarize(
  lang: ReportLang,
  city: string,
  wave: number,
  respondents: number,
  index: GapReport['index'],
  group: string,
  dimensions: readonly ReportDimension[],
  min: number,
): string {
  const t = (key: Parameters<typeof reportText>[1], params: Record<string, string | number> = {}) =>
    reportText(lang, key, params);
  const list = (items: string[]) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('and')} ${items.at(-1)}`;
  const num = (v: number) => formatNumber(lang, v);
  const sentences: string[] = [];
  if (respondents < min) {
    sentences.push(t('sumIndexSuppressed', { city, wave, n: respondents, min }));
    return sentences.join(' ');
  }
  if (index.suppressed) sentences.push(t('sumIndexPartial', { city, wave, n: respondents }));
  else
    sentences.push(
      t('sumIndex', {
        city,
        wave,
        n: respondents,
        score: index.score === null ? '—' : num(index.score),
        level: index.level ?? '—',
      }),
    );
  const shown = dimensions.filter((d) => d.gapToPeers !== null);
  const behind = shown
    .filter((d) => d.gapToPeers! > 0)
    .sort((a, b) => b.gapToPeers! - a.gapToPeers!)
    .slice(0, 2);
  const ahead = shown.filter((d) => d.gapToPeers! < 0).sort((a, b) => a.gapToPeers! - b.gapToPeers!);
  sentences.push(
    behind.length > 0
      ? t('sumBehind', {
          group,
          list: list(behind.map((d) => t('pointsBehind', { label: d.label, points: num(d.gapToPeers!) }))),
        })
      : t('sumNoBehind', { city, group }),
  );
  sentences.push(
    ahead.length > 0
      ? t('sumLeads', {
          city,
          list: list(ahead.map((d) => t('pointsAhead', { label: d.label, points: num(-d.gapToPeers!) }))),
        })
      : t('sumNoLeads', { city }),
  );
  const notSignificant = dimensions.filter((d) => d.testable && d.significant === false).map((d) => d.label);
  if (notSignificant.length > 0) sentences.push(t('sumNotSignificant', { list: list(notSignificant) }));
  else if (dimensions.some((d) => d.testable)) sentences.push(t('sumAllSignificant'));
  const suppressed = dimensions.filter((d) => d.suppressed).map((d) => d.label);
  if (suppressed.length > 0) sentences.push(t('sumSuppressed', { min, list: list(suppressed) }));
  return sentences.join(' ');
}
