import type { GapReport } from './gap-report.js';
import { formatNumber, reportText } from './report-text.js';

/** Rounds a computed figure for export (2 decimals; p-values 4). */
export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** Significance in words: clear difference / no clear difference / not testable (Holm-adjusted p < 0.05). */
export function significanceText(report: GapReport, d: { testable?: boolean; significant: boolean | null }): string {
  if (d.testable === false || d.significant === null) return reportText(report.lang, 'notTestable');
  return reportText(report.lang, d.significant ? 'clearDifference' : 'noClearDifference');
}

/** The peer cities in one line ("—" for none). */
export function peerLine(report: GapReport): string {
  return report.peers.length > 0 ? report.peers.join(', ') : '—';
}

/** A figure for reading: the word "suppressed" when suppressed, "—" for none, else `digits` decimals. */
export function shown(report: GapReport, value: number | null, suppressed = false, digits = 1): string {
  if (suppressed) return reportText(report.lang, 'suppressed');
  return formatNumber(report.lang, value, digits);
}

/** A signed change for reading: "+3.2" / "-1.0". */
export function signed(report: GapReport, value: number | null, suppressed = false): string {
  if (suppressed) return reportText(report.lang, 'suppressed');
  if (value === null) return '—';
  return `${value > 0 ? '+' : ''}${formatNumber(report.lang, value)}`;
}

/** The interval "low–high", or "—". */
export function intervalText(report: GapReport, low: number | null, high: number | null, suppressed = false): string {
  if (suppressed) return reportText(report.lang, 'suppressed');
  return low === null || high === null ? '—' : `${formatNumber(report.lang, low)}–${formatNumber(report.lang, high)}`;
}

/** The generation time for reading, in UTC: "2026-06-01 12:00 UTC". */
export function generatedText(report: GapReport): string {
  return `${report.generatedAt.slice(0, 10)} ${report.generatedAt.slice(11, 16)} UTC`;
}

const STAGE_KEYS = {
  inspire: 'stageInspire',
  explore: 'stageExplore',
  experiment: 'stageExperiment',
  invest: 'stageInvest',
} as const;
const LAYER_KEYS = { personal: 'layerPersonal', team: 'layerTeam', business: 'layerBusiness' } as const;

/** "Explore · business (pro-code)": a step's stage in the support model and its organisational layer. */
export function stepTag(
  report: GapReport,
  step: { stage: keyof typeof STAGE_KEYS; layer: keyof typeof LAYER_KEYS },
): string {
  return `${reportText(report.lang, STAGE_KEYS[step.stage])} · ${reportText(report.lang, LAYER_KEYS[step.layer])}`;
}

/** "AI compliance: level 3 (Defined) → level 4 (Managed), 15.3 points to go". */
export function priorityHeading(report: GapReport, p: GapReport['priorities'][number]): string {
  if (p.nextLevel === null)
    return reportText(report.lang, 'atTopLevel', {
      label: p.label,
      level: p.level ?? '—',
      levelLabel: p.levelLabel ?? '',
    });
  return reportText(report.lang, 'toNextLevel', {
    label: p.label,
    level: p.level ?? '—',
    levelLabel: p.levelLabel ?? '',
    next: p.nextLevel,
    nextLabel: p.nextLevelLabel ?? '',
    points: formatNumber(report.lang, p.pointsToNextLevel),
  });
}

/** "Clearly behind the five largest cities by 18.9 points.", or null. */
export function clearGapText(report: GapReport, p: GapReport['priorities'][number]): string | null {
  return p.clearlyBehind
    ? reportText(report.lang, 'clearlyBehind', {
        peers: report.peerGroupName,
        points: formatNumber(report.lang, p.gapToPeers),
      })
    : null;
}

/** One line per maturity level: "Level 2: Exploring (20 to 40)". */
export function levelLines(report: GapReport): string[] {
  return report.levels.map((l) =>
    l.to === null
      ? reportText(report.lang, 'levelTop', {
          level: l.level,
          label: l.label,
          from: formatNumber(report.lang, l.from, 0),
        })
      : reportText(report.lang, 'levelBand', {
          level: l.level,
          label: l.label,
          from: formatNumber(report.lang, l.from, 0),
          to: formatNumber(report.lang, l.to, 0),
        }),
  );
}

/** Which respondents the figures are over, in words. */
export function segmentLine(report: GapReport): string {
  return report.segment === null
    ? reportText(report.lang, 'segmentAll')
    : reportText(report.lang, 'segmentOnly', { segment: report.segment });
}

/** The index with its level and rank: "36.0 (level 2: Exploring), rank 33 of 36". */
export function indexLine(report: GapReport): string {
  if (report.index.suppressed) return reportText(report.lang, 'suppressed');
  const level = report.levels.find((l) => l.level === report.index.level);
  const rank = report.indexRank
    ? `, ${reportText(report.lang, 'rankOf', { rank: report.indexRank.rank, of: report.indexRank.of })}`
    : '';
  return `${shown(report, report.index.score)} (${reportText(report.lang, 'level').toLowerCase()} ${report.index.level ?? '—'}${level ? `: ${level.label}` : ''})${rank}`;
}

/** The certainty of a change between waves: "clear change" / "could be chance" / "not testable"; '' for the index. */
export function changeCertainty(
  report: GapReport,
  row: { key: string; change: number | null; significant: boolean | null },
): string {
  if (row.key === 'index' || row.change === null) return '';
  if (row.significant === null) return reportText(report.lang, 'notTestableChange');
  return reportText(report.lang, row.significant ? 'clearChange' : 'couldBeChance');
}

/** The index's 95 % interval in words ("55.0–67.1"), or why there is none. */
export function indexIntervalText(report: GapReport): string {
  const u = report.indexUncertainty;
  if (!u) return '—';
  return u.complete ? intervalText(report, u.indexLow, u.indexHigh) : reportText(report.lang, 'notRanked');
}

/** The index's rank with its median and 90 % interval ("3 (3; 2–6)"), or why there is none. */
export function rankIntervalText(report: GapReport): string {
  const u = report.indexUncertainty;
  if (!u) return '—';
  return u.complete ? `${u.rank} (${u.medianRank}; ${u.rankLow}–${u.rankHigh})` : reportText(report.lang, 'notRanked');
}
