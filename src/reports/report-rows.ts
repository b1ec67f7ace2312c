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
