import ExcelJS from 'exceljs';
import type { GapReport } from './gap-report.js';
import { reportText, type ReportTextKey } from './report-text.js';
import {
  indexIntervalText,
  peerLine,
  rankIntervalText,
  segmentLine,
  significanceText,
  stepTag,
} from './report-rows.js';

type Cell = string | number | null | { suppressed: true };
const SUPPRESSED = { suppressed: true } as const;

/**
 * The report as a workbook, a sheet per section. Figures are numbers (shown
 * with one decimal, full precision kept); every text is a string cell in the
 * Text number format ('@'), never a formula: text that starts like one (`=1+2`)
 * is shown as written, and stays text when a user edits the cell (a leading `'`
 * would show as a literal quote). Suppressed figures are the word "suppressed".
 */
export async function renderXlsx(report: GapReport): Promise<Buffer> {
  const t = (k: ReportTextKey, p?: Record<string, string | number>) => reportText(report.lang, k, p);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Maturity Radar';
  wb.created = new Date(report.generatedAt);
  wb.title = report.title;

  const sheet = (name: string, header: string[], rows: Cell[][], widths: number[]) => {
    const ws = wb.addWorksheet(name.slice(0, 31));
    let r = 1;
    if (report.synthetic) {
      ws.getCell(r, 1).value = t('syntheticBanner');
      ws.getCell(r, 1).font = { bold: true, color: { argb: 'FFB00020' } };
      r += 2;
    }
    header.forEach((h, c) => {
      const cell = ws.getCell(r, c + 1);
      cell.value = h;
      cell.font = { bold: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
    });
    ws.views = [{ state: 'frozen', ySplit: r }];
    for (const row of rows) {
      r++;
      row.forEach((value, c) => {
        const cell = ws.getCell(r, c + 1);
        if (value === null) return;
        if (typeof value === 'number') {
          cell.value = value;
          if (!Number.isInteger(value)) cell.numFmt = '0.0';
        } else if (typeof value === 'string') {
          cell.value = value;
          cell.numFmt = '@';
        } else {
          cell.value = t('suppressed');
          cell.font = { italic: true, color: { argb: 'FF666666' } };
        }
      });
    }
    widths.forEach((w, c) => (ws.getColumn(c + 1).width = w));
    return ws;
  };
  const fig = (v: number | null, suppressed: boolean): Cell => (suppressed ? SUPPRESSED : v);

  sheet(
    t('report'),
    [t('label'), t('value')],
    [
      [t('report'), report.title],
      [t('city'), report.city.name],
      [t('country'), report.city.country],
      [t('wave'), report.wave],
      [t('peerGroup'), report.peerGroup],
      [t('peers'), `${report.peerGroupName}: ${peerLine(report)}`],
      [t('segmentLabel'), segmentLine(report)],
      [t('instrument'), `${report.instrument.name} (${report.instrument.id})`],
      [t('version'), report.instrument.version],
      [t('generated'), report.generatedAt],
      [t('respondents'), report.respondents],
      [t('index'), fig(report.index.score, report.index.suppressed)],
      [t('level'), fig(report.index.level, report.index.suppressed)],
      [t('indexInterval'), indexIntervalText(report)],
      [t('rankInterval'), rankIntervalText(report)],
      [t('summary'), report.summary],
      [t('verdict'), report.verdict],
    ],
    [22, 120],
  ).getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  sheet(
    t('dimensions'),
    [
      'key',
      t('dimension'),
      'n',
      t('score'),
      t('level'),
      t('ciLow'),
      t('ciHigh'),
      t('target'),
      t('gapToTarget'),
      t('peerMean'),
      t('gapToPeers'),
      t('gapToPeersInterval'),
      t('leader'),
      t('gapToLeader'),
      t('rank'),
      t('percentile'),
      t('pValue'),
      'p (Holm)',
      t('significant'),
      t('allCities'),
    ],
    report.dimensions.map((d) => {
      const s = (v: number | null) => fig(v, d.suppressed);
      return [
        d.key,
        d.label,
        d.n,
        s(d.score),
        s(d.level),
        s(d.ciLow),
        s(d.ciHigh),
        d.target,
        s(d.gapToTarget),
        d.peerMean,
        s(d.gapToPeers),
        d.suppressed
          ? SUPPRESSED
          : d.gapToPeersCiLow === null
            ? null
            : `${d.gapToPeersCiLow.toFixed(1)} – ${d.gapToPeersCiHigh!.toFixed(1)}`,
        d.leader,
        s(d.gapToLeader),
        s(d.rank),
        s(d.percentile),
        s(d.pValue),
        s(d.pAdjusted),
        d.suppressed ? SUPPRESSED : significanceText(report, d),
        d.allMean,
      ];
    }),
    [18, 34, 6, 9, 8, 12, 12, 8, 12, 12, 12, 16, 12, 7, 10, 9, 14, 10],
  );

  sheet(
    t('priorities').slice(0, 31),
    ['#', 'key', t('dimension'), t('level'), 'next level', 'points to next level', 'stage', 'layer', t('value')],
    report.priorities.flatMap((p, i) =>
      (p.steps.length > 0 ? p.steps : [null]).map((step) => [
        i + 1,
        p.key,
        p.label,
        p.level,
        p.nextLevel,
        p.pointsToNextLevel === null ? null : Math.round(p.pointsToNextLevel * 10) / 10,
        step ? stepTag(report, step).split(' · ')[0]! : '',
        step ? stepTag(report, step).split(' · ')[1]! : '',
        step?.text ?? '',
      ]),
    ),
    [4, 16, 30, 7, 10, 12, 14, 22, 90],
  );

  sheet(
    t('peers'),
    [t('city'), t('respondents'), ...report.dimensions.map((d) => d.label)],
    report.peerScores.map((p) => [p.city, p.respondents, ...p.scores.map((s, i) => fig(s, p.suppressed[i]!))]),
    [20, 12, ...report.dimensions.map(() => 18)],
  );

  sheet(
    t('sheetQuestions'),
    [
      t('code'),
      t('dimension'),
      t('question'),
      'n',
      t('cityMean'),
      t('peerMean'),
      t('gapToPeers'),
      t('ciLow'),
      t('ciHigh'),
      'p (BH)',
      t('significant'),
    ],
    report.questions.map((q) => [
      q.code,
      q.dimensionLabel,
      q.text,
      q.n,
      q.score,
      q.peerMean,
      q.gapToPeers,
      q.ciLow,
      q.ciHigh,
      q.pAdjusted,
      significanceText(report, q),
    ]),
    [10, 30, 80, 6, 10, 12, 12, 12, 12, 10, 22],
  );

  if (report.trend) {
    const prev = report.trend.previousWave;
    sheet(
      t('sheetTrend'),
      [t('dimension'), String(prev), String(report.wave), t('change')],
      report.trend.rows.map((r) => [
        r.label,
        fig(r.previous, r.previousSuppressed),
        fig(r.current, r.currentSuppressed),
        fig(r.change, r.previousSuppressed || r.currentSuppressed),
      ]),
      [34, 10, 10, 10],
    );
  }

  sheet(
    t('method'),
    [t('method')],
    report.method.map((p) => [p]),
    [140],
  ).getColumn(1).alignment = { wrapText: true };

  sheet(
    t('sheetProvenance'),
    [t('importId'), t('file'), t('sha256'), t('importedAt'), t('importedBy'), t('wave'), t('respondents'), 'synthetic'],
    report.imports.map((i) => [
      i.id,
      i.fileName,
      i.sha256,
      i.createdAt,
      i.createdBy,
      i.wave,
      i.respondents,
      i.synthetic ? t('yes') : t('no'),
    ]),
    [8, 44, 68, 26, 14, 8, 12, 10],
  );

  return Buffer.from(await wb.xlsx.writeBuffer());
}
