import type { GapReport } from './gap-report.js';
import type { ReportCharts } from './chart-images.js';
import { reportText, type ReportTextKey } from './report-text.js';
import {
  changeCertainty,
  clearGapText,
  generatedText,
  indexIntervalText,
  indexLine,
  intervalText,
  levelLines,
  peerLine,
  priorityHeading,
  rankIntervalText,
  segmentLine,
  shown,
  signed,
  significanceText,
  stepTag,
} from './report-rows.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML element content and attribute values. */
export const escapeHtml = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE = `
body{font-family:"DejaVu Sans","Segoe UI",Arial,sans-serif;color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem}
.synthetic{background:#fff3cd;border:2px solid #b00020;color:#7a0014;padding:.6rem .8rem;font-weight:bold}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.meta dt{font-weight:bold}dl.meta dd{margin:0;min-width:0;overflow-wrap:anywhere}@media (max-width:30rem){dl.meta{grid-template-columns:1fr}dl.meta dd{margin-bottom:.3rem}}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#e8eef5}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.suppressed{color:#666;font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0;flex:1 1 24rem}.charts img{width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#444}.table-scroll{overflow-x:auto}h1,h2{overflow-wrap:break-word}.verdict{font-size:1.1rem;border-left:4px solid #0072B2;padding:.4rem .8rem;background:#f4f8fc}
.priorities li{margin-bottom:.8rem}.priorities h3{font-size:1rem;margin:0}.clear-gap{color:#a33c00;font-weight:bold;margin:.1rem 0}
.steps{list-style:none;padding-left:.8rem}.steps li{margin:.2rem 0}.tag{display:block;font-size:.75rem;font-weight:bold;color:#0072B2}
figure.gap-chart{margin:0}figure.gap-chart img{width:100%;max-width:44rem;height:auto}.sha{font-family:"DejaVu Sans Mono",monospace;font-size:.75rem;word-break:break-all}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,figure{break-inside:avoid}}
`;

/** The report as one standalone, printable HTML file: no scripts, charts as embedded PNG images. */
export function renderHtml(report: GapReport, charts: ReportCharts): string {
  const t = (k: ReportTextKey, p?: Record<string, string | number>) => escapeHtml(reportText(report.lang, k, p));
  const e = escapeHtml;
  const cell = (text: string, suppressed = false) =>
    `<td class="num${suppressed ? ' suppressed' : ''}">${e(text)}</td>`;
  // The alternative text names the chart and says where its figures are (the table "Per dimension").
  const img = (png: Buffer, alt: string) =>
    `<img src="data:image/png;base64,${png.toString('base64')}" alt="${e(`${alt.replace(/\.$/, '')}. ${reportText(report.lang, 'chartAltTable')}`)}">`;
  const banner = report.synthetic ? `<p class="synthetic" role="note">${t('syntheticBanner')}</p>` : '';
  const out: string[] = [];
  out.push(
    `<!doctype html><html lang="${report.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
  );
  out.push(
    `<title>${e(report.title)}${report.synthetic ? ` (${t('syntheticShort')})` : ''}</title><style>${STYLE}</style></head><body>`,
  );
  out.push(banner);
  out.push(`<h1>${e(report.title)}</h1><p>${t('subtitle')}</p>`);
  out.push('<dl class="meta">');
  const meta: [ReportTextKey, string][] = [
    ['city', `${report.city.name} (${report.city.country})`],
    ['wave', String(report.wave)],
    ['peerGroup', `${report.peerGroupName}: ${peerLine(report)}`],
    ['segmentLabel', `${segmentLine(report)} (${report.respondents})`],
    ['index', indexLine(report)],
    ['indexInterval', indexIntervalText(report)],
    ['rankInterval', rankIntervalText(report)],
    [
      'instrument',
      `${report.instrument.name}, ${reportText(report.lang, 'version').toLowerCase()} ${report.instrument.version}`,
    ],
    ['generated', generatedText(report)],
  ];
  for (const [k, v] of meta) out.push(`<dt>${t(k)}</dt><dd>${e(v)}</dd>`);
  out.push('</dl>');
  out.push(`<h2>${t('verdict')}</h2><p class="verdict" id="verdict">${e(report.verdict)}</p>`);
  const gapCaption = reportText(report.lang, 'gapChartTitle', { peers: report.peerGroupName });
  out.push(
    `<figure class="gap-chart">${img(charts.gapBars, gapCaption)}<figcaption>${e(gapCaption)}</figcaption></figure>`,
  );

  out.push(`<h2>${t('priorities')}</h2><p>${t('prioritiesIntro')}</p><ol class="priorities" id="priorities">`);
  for (const p of report.priorities) {
    const clear = clearGapText(report, p);
    out.push(`<li><h3>${e(priorityHeading(report, p))}</h3>${clear ? `<p class="clear-gap">${e(clear)}</p>` : ''}`);
    out.push(
      p.steps.length === 0
        ? `<p>${t('noSteps')}</p>`
        : `<ul class="steps">${p.steps.map((s) => `<li><span class="tag">${e(stepTag(report, s))}</span>${e(s.text)}</li>`).join('')}</ul>`,
    );
    out.push('</li>');
  }
  out.push('</ol>');
  out.push(
    `<h2>${t('levelsExplained')}</h2><p>${t('levelsIntro')}</p><ul id="levels">${levelLines(report)
      .map((l) => `<li>${e(l)}</li>`)
      .join('')}</ul>`,
  );

  if (report.trend) {
    const tr = report.trend;
    out.push(
      `<h2>${t('trend', { previous: tr.previousWave })}</h2><table id="trend"><thead><tr><th>${t('dimension')}</th><th>${tr.previousWave}</th><th>${report.wave}</th><th>${t('change')}</th><th>${t('certainty')}</th></tr></thead><tbody>`,
    );
    for (const r of tr.rows) {
      const both = r.previousSuppressed || r.currentSuppressed;
      out.push(
        `<tr><th scope="row">${e(r.label)}</th>${cell(shown(report, r.previous, r.previousSuppressed), r.previousSuppressed)}${cell(shown(report, r.current, r.currentSuppressed), r.currentSuppressed)}${cell(signed(report, r.change, both), both)}<td>${e(changeCertainty(report, r))}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  } else out.push(`<h2>${t('sheetTrend')}</h2><p>${t('noTrend')}</p>`);

  out.push(`<h2>${t('detailTables')}</h2><p id="summary">${e(report.summary)}</p>`);
  out.push(
    `<div class="charts"><figure>${img(charts.radar, reportText(report.lang, 'radarTitle', { city: report.city.name }))}<figcaption>${t('radarTitle', { city: report.city.name })}</figcaption></figure></div>`,
  );

  out.push(`<h3>${t('dimensions')}</h3><table id="dimensions"><thead><tr>`);
  const heads: ReportTextKey[] = [
    'dimension',
    'score',
    'level',
    'interval',
    'target',
    'gapToTarget',
    'peerMean',
    'gapToPeers',
    'leader',
    'gapToLeader',
    'rank',
    'significance',
  ];
  out.push(
    `<th>${t('dimension')}</th><th>n</th>${heads
      .slice(1)
      .map((h) => `<th>${t(h)}</th>`)
      .join('')}</tr></thead><tbody>`,
  );
  for (const d of report.dimensions) {
    const s = d.suppressed;
    out.push(
      `<tr><th scope="row">${e(d.label)}</th>${cell(d.n === null ? '—' : String(d.n))}${cell(shown(report, d.score, s), s)}${cell(s ? reportText(report.lang, 'suppressed') : String(d.level ?? '—'), s)}`,
    );
    out.push(
      `${cell(intervalText(report, d.ciLow, d.ciHigh, s), s)}${cell(String(d.target))}${cell(shown(report, d.gapToTarget, s), s)}${cell(shown(report, d.peerMean))}`,
    );
    out.push(
      `${cell(shown(report, d.gapToPeers, s), s)}<td>${e(d.leader ?? '—')}</td>${cell(shown(report, d.gapToLeader, s), s)}${cell(s ? reportText(report.lang, 'suppressed') : String(d.rank ?? '—'), s)}`,
    );
    const iv =
      s || d.gapToPeersCiLow === null ? '' : ` (${intervalText(report, d.gapToPeersCiLow, d.gapToPeersCiHigh, false)})`;
    out.push(
      `<td${s ? ' class="suppressed"' : ''}>${e(s ? reportText(report.lang, 'suppressed') : significanceText(report, d) + iv)}</td></tr>`,
    );
  }
  out.push('</tbody></table>');

  out.push(
    `<h3>${t('peers')}</h3><table id="peer-scores"><thead><tr><th>${t('city')}</th><th>${t('respondents')}</th>${report.dimensions.map((d) => `<th>${e(d.label)}</th>`).join('')}</tr></thead><tbody>`,
  );
  for (const p of report.peerScores) {
    out.push(
      `<tr><th scope="row">${e(p.city)}</th>${cell(String(p.respondents))}${p.scores.map((v, i) => cell(shown(report, v, p.suppressed[i]), p.suppressed[i])).join('')}</tr>`,
    );
  }
  out.push('</tbody></table>');

  out.push(`<h2>${t('questions')}</h2>`);
  if (report.questions.length === 0) out.push(`<p>${t('noQuestions')}</p>`);
  else {
    out.push(
      `<table id="questions"><thead><tr><th>${t('code')}</th><th>${t('question')}</th><th>${t('dimension')}</th><th>n</th><th>${t('cityMean')}</th><th>${t('peerMean')}</th><th>${t('gapToPeers')}</th><th>${t('interval')}</th><th>${t('significance')}</th></tr></thead><tbody>`,
    );
    for (const q of report.questions) {
      out.push(
        `<tr><td>${e(q.code)}</td><td>${e(q.text)}</td><td>${e(q.dimensionLabel)}</td>${cell(String(q.n))}${cell(shown(report, q.score))}${cell(shown(report, q.peerMean))}${cell(shown(report, q.gapToPeers))}`,
      );
      out.push(`${cell(intervalText(report, q.ciLow, q.ciHigh))}<td>${e(significanceText(report, q))}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  out.push(`<h2 id="annex">${t('annex')}</h2><p>${t('annexIntro')}</p>`);
  out.push(`<h3>${t('method')}</h3>${report.method.map((p) => `<p>${e(p)}</p>`).join('')}`);
  out.push(
    `<h3>${t('provenance')}</h3><table id="imports"><thead><tr><th>${t('importId')}</th><th>${t('file')}</th><th>${t('sha256')}</th><th>${t('importedAt')}</th><th>${t('importedBy')}</th><th>${t('wave')}</th><th>${t('respondents')}</th></tr></thead><tbody>`,
  );
  for (const i of report.imports) {
    out.push(
      `<tr><td>#${i.id}</td><td>${e(i.fileName)}${i.synthetic ? ` <strong>(${t('syntheticShort')})</strong>` : ''}</td><td class="sha">${e(i.sha256)}</td><td>${e(i.createdAt)}</td><td>${e(i.createdBy)}</td>${cell(String(i.wave))}${cell(String(i.respondents))}</tr>`,
    );
  }
  out.push('</tbody></table>');
  out.push(banner);
  out.push('</body></html>\n');
  // Each table scrolls in its own box on a narrow screen, so the page itself reflows (WCAG 1.4.10).
  return out
    .join('\n')
    .replace(/<table /g, '<div class="table-scroll"><table ')
    .replace(/<\/table>/g, '</table></div>');
}
