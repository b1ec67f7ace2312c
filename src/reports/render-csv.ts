import Papa from 'papaparse';
import type { GapReport } from './gap-report.js';
import { neutralizeCsvText } from './neutralize-text.js';
import { reportText } from './report-text.js';
import { changeCertainty, priorityHeading, round, segmentLine, significanceText, stepTag } from './report-rows.js';

/** The columns of the tidy table: one figure (or fact) per row. */
export const CSV_COLUMNS = ['section', 'dimension', 'item', 'label', 'measure', 'value', 'status'] as const;

type Value = string | number | null;
interface Row {
  section: string;
  dimension?: string;
  item?: string;
  label?: string;
  measure: string;
  value: Value;
  /** 'suppressed' when the figure is withheld (the value is then empty). */
  suppressed?: boolean;
}

/**
 * The report as one tidy CSV table (UTF-8 with BOM so spreadsheets read
 * accents): columns section, dimension, item, label, measure, value, status.
 * English: "," between columns and "." in numbers; Dutch: ";" and "," as
 * Belgian and Dutch Excel expect, so the file opens as columns there.
 * Measures are stable English names; labels are in the report's language.
 * Every text field is quoted and neutralised against formula injection, also
 * after `;` and TAB (the separators of other locales); numbers stay numbers
 * (unquoted); suppressed figures have an empty value and status "suppressed".
 */
export function renderCsv(report: GapReport): Buffer {
  const t = (k: Parameters<typeof reportText>[1]) => reportText(report.lang, k);
  const rows: Row[] = [];
  const meta = (measure: string, value: Value, label = '') => rows.push({ section: 'report', measure, value, label });
  if (report.synthetic) meta('data', t('syntheticBanner'));
  meta('title', report.title);
  meta('city', report.city.name, t('city'));
  meta('country', report.city.country, t('country'));
  meta('wave', report.wave, t('wave'));
  meta('peer_group', report.peerGroup, t('peerGroup'));
  report.peers.forEach((p) => meta('peer', p, t('peers')));
  meta('instrument', report.instrument.id, report.instrument.name);
  meta('instrument_version', report.instrument.version, t('version'));
  meta('generated_at', report.generatedAt, t('generated'));
  meta('min_respondents', report.minRespondents);
  meta('respondents', report.respondents, t('respondents'));
  meta('peer_group_name', report.peerGroupName, t('peerGroup'));
  meta('respondents_counted', segmentLine(report), t('segmentLabel'));
  meta('verdict', report.verdict, t('verdict'));
  meta('summary', report.summary, t('summary'));
  if (report.indexRank) {
    rows.push({ section: 'index', measure: 'rank', label: t('rank'), value: report.indexRank.rank });
    rows.push({ section: 'index', measure: 'cities_ranked', label: t('rank'), value: report.indexRank.of });
  }
  rows.push({
    section: 'index',
    measure: 'score',
    label: t('index'),
    value: report.index.score === null ? null : round(report.index.score),
    suppressed: report.index.suppressed,
  });
  rows.push({
    section: 'index',
    measure: 'level',
    label: t('level'),
    value: report.index.level,
    suppressed: report.index.suppressed,
  });
  const u = report.indexUncertainty;
  if (u) {
    for (const [measure, value] of [
      ['ci_low', u.indexLow],
      ['ci_high', u.indexHigh],
      ['rank', u.rank],
      ['median_rank', u.medianRank],
      ['rank_low', u.rankLow],
      ['rank_high', u.rankHigh],
    ] as const) {
      rows.push({
        section: 'index',
        measure,
        label: t('index'),
        value: value === null ? null : round(value),
        suppressed: false,
      });
    }
  }

  const num = (v: number | null, digits = 2) => (v === null ? null : round(v, digits));
  for (const d of report.dimensions) {
    const fig = (measure: string, value: Value, suppressed = d.suppressed) =>
      rows.push({ section: 'dimension', dimension: d.key, label: d.label, measure, value, suppressed });
    fig('n', d.n);
    fig('score', num(d.score));
    fig('level', d.level);
    fig('ci_low', num(d.ciLow));
    fig('ci_high', num(d.ciHigh));
    fig('target', d.target, false);
    fig('gap_to_target', num(d.gapToTarget));
    fig('peer_mean', num(d.peerMean), false);
    fig('gap_to_peers', num(d.gapToPeers));
    fig('leader', d.leader, false);
    fig('gap_to_leader', num(d.gapToLeader));
    fig('rank', d.rank);
    fig('percentile', num(d.percentile, 1));
    fig('gap_to_peers_ci_low', num(d.gapToPeersCiLow));
    fig('gap_to_peers_ci_high', num(d.gapToPeersCiHigh));
    fig('peers_counted', d.peersCounted, false);
    fig('p_value', num(d.pValue, 4));
    fig('p_adjusted', num(d.pAdjusted, 4));
    fig('significant', d.suppressed ? null : significanceText(report, d));
    fig('all_city_mean', num(d.allMean), false);
    fig('gap_to_peers_ci_low', num(d.gapCiLow));
    fig('gap_to_peers_ci_high', num(d.gapCiHigh));
    fig('next_level', d.nextLevel);
    fig('points_to_next_level', num(d.pointsToNextLevel));
  }
  report.priorities.forEach((p, i) => {
    rows.push({
      section: 'priority',
      dimension: p.key,
      item: String(i + 1),
      label: p.label,
      measure: 'priority',
      value: priorityHeading(report, p),
    });
    for (const step of p.steps)
      rows.push({
        section: 'priority',
        dimension: p.key,
        item: `${step.stage}/${step.layer}`,
        label: stepTag(report, step),
        measure: 'next_step',
        value: step.text,
      });
  });
  for (const p of report.peerScores) {
    report.dimensions.forEach((d, i) =>
      rows.push({
        section: 'peer',
        dimension: d.key,
        item: p.city,
        label: d.label,
        measure: 'score',
        value: num(p.scores[i]!),
        suppressed: p.suppressed[i]!,
      }),
    );
  }
  for (const q of report.questions) {
    const fig = (measure: string, value: Value) =>
      rows.push({ section: 'question', dimension: q.dimension, item: q.code, label: q.text, measure, value });
    fig('n', q.n);
    fig('city_mean', round(q.score));
    fig('peer_mean', round(q.peerMean));
    fig('gap_to_peers', round(q.gapToPeers));
    fig('gap_to_peers_ci_low', q.ciLow === null ? null : round(q.ciLow));
    fig('gap_to_peers_ci_high', q.ciHigh === null ? null : round(q.ciHigh));
    fig('p_adjusted', q.pAdjusted === null ? null : round(q.pAdjusted, 4));
    fig('significant', significanceText(report, q));
  }
  if (report.trend) {
    for (const r of report.trend.rows) {
      const dimension = r.key === 'index' ? '' : r.key;
      rows.push({
        section: 'trend',
        dimension,
        item: String(report.trend.previousWave),
        label: r.label,
        measure: 'previous',
        value: num(r.previous),
        suppressed: r.previousSuppressed,
      });
      rows.push({
        section: 'trend',
        dimension,
        item: String(report.wave),
        label: r.label,
        measure: 'current',
        value: num(r.current),
        suppressed: r.currentSuppressed,
      });
      rows.push({
        section: 'trend',
        dimension,
        label: r.label,
        measure: 'change',
        value: num(r.change),
        suppressed: r.previousSuppressed || r.currentSuppressed,
      });
      if (r.key !== 'index' && r.change !== null)
        rows.push({
          section: 'trend',
          dimension,
          label: r.label,
          measure: 'change_certainty',
          value: changeCertainty(report, r),
        });
    }
  }
  report.method.forEach((p) => rows.push({ section: 'method', measure: 'method', value: p }));
  for (const i of report.imports) {
    const fig = (measure: string, value: Value) =>
      rows.push({ section: 'import', item: String(i.id), label: i.fileName, measure, value });
    fig('file_name', i.fileName);
    fig('sha256', i.sha256);
    fig('imported_at', i.createdAt);
    fig('imported_by', i.createdBy);
    fig('wave', i.wave);
    fig('respondents', i.respondents);
    fig('synthetic', i.synthetic ? 'yes' : 'no');
  }

  const text = (v: string | undefined) => neutralizeCsvText(v ?? '');
  // Dutch (Belgian) Excel reads ";" as the column separator and "," as the decimal mark.
  const nl = report.lang === 'nl';
  const number = (v: number) => (nl ? String(v).replace('.', ',') : v);
  const table = rows.map((r) => [
    text(r.section),
    text(r.dimension),
    text(r.item),
    text(r.label),
    text(r.measure),
    r.suppressed ? '' : r.value === null ? '' : typeof r.value === 'number' ? number(r.value) : text(r.value),
    r.suppressed ? 'suppressed' : '',
  ]);
  // Text fields quoted; a Dutch decimal comma is a string here, quoted too, which Excel reads as a number.
  const csv = Papa.unparse(
    { fields: [...CSV_COLUMNS], data: table },
    { newline: '\r\n', quotes: (value: unknown) => typeof value === 'string', delimiter: nl ? ';' : ',' },
  );
  return Buffer.from(`\uFEFF${csv}\r\n`, 'utf8');
}
