import PDFDocument from 'pdfkit';
import type { ReportCharts } from './chart-images.js';
import type { GapReport } from './gap-report.js';
import { pdfFonts, winAnsiSafe } from './pdf-fonts.js';
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

const BLUE = '#0072B2';
const RED = '#B00020';
const GREY = '#555555';
const HEAD_FILL = '#E8EEF5';
/** Vermilion dark enough for small text on white (contrast above 4.5:1). */
const VERMILION_TEXT = '#A33C00';

type Align = 'left' | 'right' | 'center';
interface Column {
  readonly width: number;
  readonly align?: Align;
}

/**
 * The report as an A4 PDF to read: header with the facts, the summary, radar
 * and gap-bar charts (server-side PNGs), the per-dimension table (transposed so
 * it fits a portrait page), peers, questions, trend, method and provenance.
 * Every page carries a footer, and the SYNTHETIC mark when the data is demo data.
 * The PDF is tagged (PDF/UA-style structure: headings, paragraphs, tables with
 * header cells, figures with alternative text, in reading order; rules, fills and
 * footers as artifacts), says its language and shows its title, not its file name.
 */
export function renderPdf(report: GapReport, charts: ReportCharts): Promise<Buffer> {
  const fonts = pdfFonts();
  const txt = (s: string) => (fonts.unicode ? s : winAnsiSafe(s));
  const t = (k: ReportTextKey, p?: Record<string, string | number>) => txt(reportText(report.lang, k, p));
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 56, left: 50, right: 50 },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: report.lang,
    displayTitle: true,
    info: {
      Title: report.title,
      Author: 'Maturity Radar',
      Subject: report.synthetic ? reportText('en', 'syntheticShort') : 'Gap report',
      CreationDate: new Date(report.generatedAt),
    },
  });
  doc.registerFont('body', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.registerFont('mono', fonts.mono);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Everything that carries content goes under this root, in reading order.
  const root = doc.struct('Document');
  doc.addStructure(root);
  /** Draws `draw` as the content of a new structure element of `type` under `parent`. */
  const tag = (type: string, draw: () => void, options: { alt?: string } = {}, parent = root) => {
    parent.add(doc.struct(type, options, draw));
  };
  /** Draws decoration (rules, fills, footers) that a screen reader should skip. */
  const artifact = (draw: () => void) => {
    doc.markContent('Artifact');
    draw();
    doc.endMarkedContent();
  };

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8);
    tag('H2', () => doc.font('bold').fontSize(14).fillColor(BLUE).text(txt(text), left, doc.y, { width }));
    const y = doc.y + 2;
    artifact(() =>
      doc
        .moveTo(left, y)
        .lineTo(left + width, y)
        .lineWidth(1)
        .strokeColor(BLUE)
        .stroke(),
    );
    doc.y = y + 6;
    doc.fillColor('black').font('body').fontSize(10);
  };
  const paragraph = (text: string, size = 10) => {
    tag('P', () =>
      doc.font('body').fontSize(size).fillColor('black').text(txt(text), left, doc.y, { width, align: 'left' }),
    );
    doc.moveDown(0.4);
  };
  const syntheticBox = () => {
    if (!report.synthetic) return;
    const text = t('syntheticBanner');
    doc.font('bold').fontSize(10);
    const h = doc.heightOfString(text, { width: width - 16 }) + 12;
    ensure(h + 6);
    const y = doc.y;
    artifact(() => doc.rect(left, y, width, h).lineWidth(1.5).fillAndStroke('#FFF3CD', RED));
    tag('P', () => doc.fillColor(RED).text(text, left + 8, y + 6, { width: width - 16 }));
    doc.y = y + h + 8;
    doc.fillColor('black').font('body');
  };

  /** A table with wrapped cells, a repeated header row on each page, and italic grey for suppressed cells. */
  const table = (
    columns: readonly Column[],
    header: readonly string[],
    rows: readonly (readonly { text: string; suppressed?: boolean; bold?: boolean }[])[],
    size = 8.5,
    headSize = size,
  ) => {
    const pad = 3;
    const rowHeight = (cells: readonly string[], font: string) => {
      doc.font(font).fontSize(font === 'bold' && cells === header ? headSize : size);
      return (
        Math.max(...cells.map((c, i) => doc.heightOfString(txt(c), { width: columns[i]!.width - 2 * pad }))) + 2 * pad
      );
    };
    const struct = doc.struct('Table');
    root.add(struct);
    // A repeated header row on a new page is decoration: the table's header is tagged once.
    let headTagged = false;
    const drawRow = (cells: readonly { text: string; suppressed?: boolean; bold?: boolean }[], head: boolean) => {
      const h = rowHeight(head ? header : cells.map((c) => c.text), head ? 'bold' : 'body');
      const y = doc.y;
      artifact(() => {
        let x = left;
        for (const col of columns) {
          if (head) doc.rect(x, y, col.width, h).fill(HEAD_FILL);
          doc.rect(x, y, col.width, h).lineWidth(0.5).strokeColor('#BBBBBB').stroke();
          x += col.width;
        }
      });
      const tr = head && headTagged ? null : doc.struct('TR');
      if (tr) struct.add(tr);
      let x = left;
      cells.forEach((c, i) => {
        const col = columns[i]!;
        const cellX = x;
        const draw = () => {
          doc
            .font(head || c.bold ? 'bold' : 'body')
            .fontSize(head ? headSize : size)
            .fillColor(c.suppressed ? GREY : 'black');
          doc.text(txt(c.text), cellX + pad, y + pad, {
            width: col.width - 2 * pad,
            align: head ? 'left' : (col.align ?? 'left'),
          });
        };
        if (tr) tag(head || c.bold ? 'TH' : 'TD', draw, {}, tr);
        else artifact(draw);
        x += col.width;
      });
      tr?.end();
      if (head) headTagged = true;
      doc.y = y + h;
      doc.fillColor('black');
    };
    const headCells = header.map((text) => ({ text }));
    ensure(rowHeight(header, 'bold') + 20);
    drawRow(headCells, true);
    for (const row of rows) {
      const h = rowHeight(
        row.map((c) => c.text),
        'body',
      );
      if (doc.y + h > bottom()) {
        doc.addPage();
        drawRow(headCells, true);
      }
      drawRow(row, false);
    }
    struct.end();
    doc.x = left;
    doc.moveDown(0.6);
  };
  const sup = (text: string, suppressed: boolean) => ({ text, suppressed });

  // Title block
  syntheticBox();
  tag('H1', () => doc.font('bold').fontSize(20).fillColor('black').text(txt(report.title), left, doc.y, { width }));
  tag('P', () => doc.font('body').fontSize(11).fillColor(GREY).text(t('subtitle'), { width }));
  doc.moveDown(0.6).fillColor('black');
  const facts: [ReportTextKey, string][] = [
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
  for (const [k, v] of facts) {
    const y = doc.y;
    let yAfterKey = y;
    tag('P', () => {
      doc.font('bold').fontSize(10).text(t(k), left, y, { width: 125 });
      yAfterKey = doc.y;
      doc.font('body').text(txt(v), left + 130, y, { width: width - 130 });
    });
    doc.y = Math.max(doc.y, yAfterKey);
  }

  heading(reportText(report.lang, 'verdict'));
  paragraph(report.verdict, 11.5);

  // The gap chart with its intervals: the verdict's evidence, full width.
  const barsW = width;
  const barsH = barsW * (340 / 620);
  ensure(barsH + 40);
  const chartAlt = (title: string) => `${title.replace(/\.$/, '')}. ${reportText(report.lang, 'chartAltTable')}`;
  const gapTitle = t('gapChartTitle', { peers: report.peerGroupName });
  tag('Figure', () => doc.image(charts.gapBars, left, doc.y, { width: barsW }), { alt: chartAlt(gapTitle) });
  doc.y += barsH + 4;
  tag('Caption', () => doc.font('body').fontSize(8.5).fillColor(GREY).text(gapTitle, left, doc.y, { width }));
  doc.fillColor('black');

  heading(reportText(report.lang, 'priorities'));
  paragraph(reportText(report.lang, 'prioritiesIntro'), 9);
  report.priorities.forEach((p, i) => {
    ensure(70);
    doc.moveDown(0.3);
    tag('H3', () =>
      doc
        .font('bold')
        .fontSize(10.5)
        .fillColor('black')
        .text(txt(`${i + 1}. ${priorityHeading(report, p)}`), left, doc.y, { width }),
    );
    const clear = clearGapText(report, p);
    if (clear)
      tag('P', () =>
        doc
          .font('bold')
          .fontSize(9.5)
          .fillColor(VERMILION_TEXT)
          .text(txt(clear), left + 14, doc.y, { width: width - 14 }),
      );
    doc.fillColor('black');
    if (p.steps.length === 0)
      tag('P', () =>
        doc
          .font('body')
          .fontSize(9.5)
          .fillColor(GREY)
          .text(t('noSteps'), left + 14, doc.y, { width: width - 14 }),
      );
    for (const step of p.steps) {
      ensure(30);
      const y = doc.y + 2;
      tag('P', () => {
        doc
          .font('bold')
          .fontSize(8)
          .fillColor(BLUE)
          .text(txt(stepTag(report, step)), left + 14, y, { width: width - 14 });
        doc
          .font('body')
          .fontSize(9.5)
          .fillColor('black')
          .text(txt(step.text), left + 14, doc.y, { width: width - 14 });
      });
    }
    doc.fillColor('black');
  });
  doc.moveDown(0.4);

  heading(reportText(report.lang, 'levelsExplained'));
  paragraph(reportText(report.lang, 'levelsIntro'), 9.5);
  for (const line of levelLines(report))
    tag('P', () =>
      doc
        .font('body')
        .fontSize(9.5)
        .text(txt(`• ${line}`), left + 10, doc.y, { width: width - 10 }),
    );
  doc.moveDown(0.4);

  if (report.trend) {
    const tr = report.trend;
    heading(reportText(report.lang, 'trend', { previous: tr.previousWave }));
    table(
      [
        { width: width - 3 * 70 - 100 },
        { width: 70, align: 'right' },
        { width: 70, align: 'right' },
        { width: 70, align: 'right' },
        { width: 100 },
      ],
      [
        reportText(report.lang, 'dimension'),
        String(tr.previousWave),
        String(report.wave),
        reportText(report.lang, 'change'),
        reportText(report.lang, 'certainty'),
      ],
      tr.rows.map((r) => {
        const both = r.previousSuppressed || r.currentSuppressed;
        return [
          { text: r.label },
          sup(shown(report, r.previous, r.previousSuppressed), r.previousSuppressed),
          sup(shown(report, r.current, r.currentSuppressed), r.currentSuppressed),
          sup(signed(report, r.change, both), both),
          { text: changeCertainty(report, r), suppressed: r.significant === false },
        ];
      }),
    );
  } else {
    heading(reportText(report.lang, 'sheetTrend'));
    paragraph(reportText(report.lang, 'noTrend'));
  }

  doc.addPage();
  heading(reportText(report.lang, 'detailTables'));
  paragraph(report.summary, 9.5);
  const radarW = 290;
  ensure(radarW * (440 / 600) + 30);
  tag('Figure', () => doc.image(charts.radar, left + (width - radarW) / 2, doc.y, { width: radarW }), {
    alt: chartAlt(reportText(report.lang, 'radarTitle', { city: report.city.name })),
  });
  doc.y += radarW * (440 / 600) + 2;
  tag('Caption', () =>
    doc
      .font('body')
      .fontSize(8.5)
      .fillColor(GREY)
      .text(t('radarTitle', { city: report.city.name }), left, doc.y, { width, align: 'center' }),
  );
  doc.fillColor('black').moveDown(0.8);

  // Per dimension, transposed: a row per figure, a column per dimension
  const dims = report.dimensions;
  const labelW = 80;
  const dimW = (width - labelW) / dims.length;
  const cols: Column[] = [{ width: labelW }, ...dims.map(() => ({ width: dimW, align: 'right' as Align }))];
  const row = (label: string, f: (d: (typeof dims)[number]) => { text: string; suppressed?: boolean }) => [
    { text: label, bold: true },
    ...dims.map(f),
  ];
  const suppressedWord = reportText(report.lang, 'suppressed');
  table(
    cols,
    [reportText(report.lang, 'dimension'), ...dims.map((d) => d.label)],
    [
      row(reportText(report.lang, 'score'), (d) => sup(shown(report, d.score, d.suppressed), d.suppressed)),
      row(reportText(report.lang, 'level'), (d) =>
        sup(d.suppressed ? suppressedWord : String(d.level ?? '—'), d.suppressed),
      ),
      row('n', (d) => ({ text: d.n === null ? '—' : String(d.n) })),
      row(reportText(report.lang, 'interval'), (d) =>
        sup(intervalText(report, d.ciLow, d.ciHigh, d.suppressed), d.suppressed),
      ),
      row(reportText(report.lang, 'target'), (d) => ({ text: String(d.target) })),
      row(reportText(report.lang, 'gapToTarget'), (d) => sup(shown(report, d.gapToTarget, d.suppressed), d.suppressed)),
      row(reportText(report.lang, 'peerMean'), (d) => ({ text: shown(report, d.peerMean) })),
      row(reportText(report.lang, 'gapToPeers'), (d) => sup(shown(report, d.gapToPeers, d.suppressed), d.suppressed)),
      row(reportText(report.lang, 'leader'), (d) => ({ text: d.leader ?? '—' })),
      row(reportText(report.lang, 'gapToLeader'), (d) => sup(shown(report, d.gapToLeader, d.suppressed), d.suppressed)),
      row(reportText(report.lang, 'rank'), (d) =>
        sup(d.suppressed ? suppressedWord : String(d.rank ?? '—'), d.suppressed),
      ),
      row(reportText(report.lang, 'gapToPeersInterval'), (d) =>
        sup(intervalText(report, d.gapToPeersCiLow, d.gapToPeersCiHigh, d.suppressed), d.suppressed),
      ),
      row(reportText(report.lang, 'significant'), (d) =>
        sup(d.suppressed ? suppressedWord : significanceText(report, d), d.suppressed),
      ),
    ],
    8.5,
    7,
  );

  // Peers per dimension: where the peer mean comes from
  const peerW = (width - 80 - 30) / dims.length;
  table(
    [{ width: 80 }, { width: 30, align: 'right' }, ...dims.map(() => ({ width: peerW, align: 'right' as Align }))],
    [reportText(report.lang, 'peers'), 'n', ...dims.map((d) => d.label)],
    report.peerScores.map((p) => [
      { text: p.city },
      { text: String(p.respondents) },
      ...p.scores.map((s, i) => sup(shown(report, s, p.suppressed[i]), p.suppressed[i]!)),
    ]),
    8.5,
    7,
  );

  heading(reportText(report.lang, 'questions'));
  if (report.questions.length === 0) paragraph(reportText(report.lang, 'noQuestions'));
  else {
    table(
      [
        { width: 45 },
        { width: width - 45 - 30 - 3 * 50 - 60 - 75 },
        { width: 30, align: 'right' },
        { width: 50, align: 'right' },
        { width: 50, align: 'right' },
        { width: 50, align: 'right' },
        { width: 60, align: 'right' },
        { width: 75 },
      ],
      [
        reportText(report.lang, 'code'),
        reportText(report.lang, 'question'),
        'n',
        reportText(report.lang, 'cityMean'),
        reportText(report.lang, 'peerMean'),
        reportText(report.lang, 'gapToPeers'),
        reportText(report.lang, 'interval'),
        reportText(report.lang, 'significance'),
      ],
      report.questions.map((q) => [
        { text: q.code },
        { text: `${q.text} (${q.dimensionLabel})` },
        { text: String(q.n) },
        { text: shown(report, q.score) },
        { text: shown(report, q.peerMean) },
        { text: shown(report, q.gapToPeers) },
        { text: intervalText(report, q.ciLow, q.ciHigh) },
        { text: significanceText(report, q) },
      ]),
      8.5,
      7.5,
    );
  }

  doc.addPage();
  heading(reportText(report.lang, 'annex'));
  paragraph(reportText(report.lang, 'annexIntro'), 9);
  doc.moveDown(0.3).font('bold').fontSize(11).fillColor(BLUE).text(t('method'), left, doc.y, { width });
  doc.fillColor('black');
  report.method.forEach((p) => paragraph(p, 9));

  doc.moveDown(0.3);
  tag('H3', () => doc.font('bold').fontSize(11).fillColor(BLUE).text(t('provenance'), left, doc.y, { width }));
  doc.fillColor('black');
  for (const i of report.imports) {
    ensure(40);
    tag('P', () => {
      doc
        .font('bold')
        .fontSize(9)
        .text(
          txt(`#${i.id} ${i.fileName}${i.synthetic ? ` (${reportText(report.lang, 'syntheticShort')})` : ''}`),
          left,
          doc.y,
          { width },
        );
      doc
        .font('body')
        .fontSize(8.5)
        .text(
          txt(
            `${reportText(report.lang, 'wave')} ${i.wave} · ${i.respondents} ${reportText(report.lang, 'respondents').toLowerCase()} · ${reportText(report.lang, 'importedAt').toLowerCase()} ${i.createdAt} · ${reportText(report.lang, 'importedBy').toLowerCase()} ${i.createdBy}`,
          ),
          { width },
        );
      doc.font('mono').fontSize(8).text(`SHA-256 ${i.sha256}`, { width });
    });
    doc.moveDown(0.4);
  }

  // Footer on every page (written inside the bottom margin, so no page break)
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footer = `Maturity Radar · ${report.title}${report.synthetic ? ` · ${reportText(report.lang, 'syntheticShort')}` : ''} · ${reportText(report.lang, 'page', { n: `${p + 1}/${range.count}` })}`;
    artifact(() =>
      doc
        .font('body')
        .fontSize(8)
        .fillColor(report.synthetic ? RED : GREY)
        .text(txt(footer), left, doc.page.height - 36, { width, align: 'center', lineBreak: false }),
    );
    doc.page.margins.bottom = saved;
  }
  root.end();
  doc.end();
  return done;
}
