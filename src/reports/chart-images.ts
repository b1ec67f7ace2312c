import { createCanvas, Path2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import type { GapReport } from './gap-report.js';
import { reportText } from './report-text.js';

Chart.register(...registerables);

/** Okabe–Ito colours (as on the pages): distinguishable with every common colour-vision deficiency. */
const BLUE = '#0072B2';
const VERMILION = '#D55E00';
const BLACK = '#000000';
const rgba = (hex: string, alpha: number) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
};

/** A PNG has a transparent background unless painted: PDFs and printers want white. */
const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/**
 * Draws a Chart.js configuration on a server-side canvas and returns the PNG
 * (or JPEG). The pixels are encoded before `destroy()` (which clears the
 * canvas). Scale 2 for print sharpness.
 */
export async function renderChartPng(
  config: ChartConfiguration,
  width: number,
  height: number,
  scale = 2,
  type: 'png' | 'jpeg' = 'png',
): Promise<Buffer> {
  // Chart.js draws lines with the global Path2D when there is one. Another library
  // (pdf.js in Node) may have installed the Path2D of a different canvas build, which
  // this canvas rejects: use ours while drawing (synchronous, so nothing else sees it).
  const global = globalThis as { Path2D?: unknown };
  const foreign = global.Path2D;
  if (foreign !== undefined && foreign !== Path2D) global.Path2D = Path2D;
  let drawn: ReturnType<typeof draw>;
  try {
    drawn = draw(config, width, height, scale);
  } finally {
    if (foreign !== undefined) global.Path2D = foreign;
  }
  try {
    // `encode`, not `toBuffer`: this canvas version never frees the copy of the bitmap that
    // `toBuffer` makes, so a server drawing charts grew by megabytes per chart (docs/performance.md).
    // JPEG for PDFs: pdfkit embeds it as is, while a PNG with alpha is decoded in JavaScript.
    return type === 'png' ? await drawn.canvas.encode('png') : await drawn.canvas.encode('jpeg', 92);
  } finally {
    drawn.chart.destroy();
  }
}

function draw(config: ChartConfiguration, width: number, height: number, scale: number) {
  const canvas = createCanvas(width * scale, height * scale);
  const ctx = canvas.getContext('2d');
  const chart = new Chart(ctx as never, {
    ...config,
    options: {
      ...config.options,
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      devicePixelRatio: scale,
    },
    plugins: [...(config.plugins ?? []), whiteBackground],
  });
  // Chart.js sizes from the canvas; keep the logical size explicit.
  chart.resize(width, height);
  chart.draw();
  return { canvas, chart };
}

const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const FONT = { family: "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif", size: 12 };

/** Radar of the city, the peer mean and the all-city mean per dimension (suppressed = gap in the line). */
export function radarConfig(report: GapReport): ChartConfiguration<'radar'> {
  // As on the city page: each series has its own colour, point shape and dash, so it reads in greyscale too.
  const series = (label: string, data: (number | null)[], color: string, pointStyle: string, dash: number[]) => ({
    label,
    data: data.map(round1),
    borderColor: color,
    backgroundColor: rgba(color, color === BLACK ? 0 : 0.15),
    pointBackgroundColor: color,
    pointBorderColor: color,
    pointStyle,
    pointRadius: 5,
    borderWidth: 2,
    borderDash: dash,
    spanGaps: false,
  });
  const t = (k: Parameters<typeof reportText>[1]) => reportText(report.lang, k);
  return {
    type: 'radar',
    data: {
      labels: report.dimensions.map((d) => wrapLabel(d.label, 18)),
      datasets: [
        series(
          report.city.name,
          report.dimensions.map((d) => d.score),
          BLUE,
          'circle',
          [],
        ),
        series(
          `${t('peerMean')} (${report.peerGroupName})`,
          report.dimensions.map((d) => d.peerMean),
          VERMILION,
          'rect',
          [8, 3],
        ),
        series(
          t('allCities'),
          report.dimensions.map((d) => d.allMean),
          BLACK,
          'crossRot',
          [6, 4],
        ),
      ],
    },
    options: {
      font: FONT,
      layout: { padding: 8 },
      // Large type: the PDF prints this image about half its pixel width.
      scales: {
        r: {
          min: 0,
          max: 100,
          ticks: { stepSize: 20, font: { ...FONT, size: 13 } },
          pointLabels: { font: { ...FONT, size: 16 } },
        },
      },
      plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, font: { ...FONT, size: 16 } } } },
    },
  } as ChartConfiguration<'radar'>;
}

/**
 * Whiskers of the gaps' 95 % intervals, drawn over the bars (Chart.js has no
 * error bars of its own); clipped to the chart area, so a long interval ends
 * at the axis instead of running over the labels.
 */
const intervalWhiskers = (intervals: readonly ([number, number] | null)[]): Plugin<'bar'> => ({
  id: 'interval-whiskers',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const x = chart.scales.x!;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top);
    ctx.clip();
    ctx.strokeStyle = '#222222';
    ctx.lineWidth = 2;
    intervals.forEach((iv, i) => {
      const bar = meta.data[i] as unknown as { y: number; height: number } | undefined;
      if (!iv || !bar) return;
      const [lo, hi] = [x.getPixelForValue(iv[0]), x.getPixelForValue(iv[1])];
      const cap = Math.min(10, bar.height / 3);
      ctx.beginPath();
      ctx.moveTo(lo, bar.y);
      ctx.lineTo(hi, bar.y);
      ctx.moveTo(lo, bar.y - cap);
      ctx.lineTo(lo, bar.y + cap);
      ctx.moveTo(hi, bar.y - cap);
      ctx.lineTo(hi, bar.y + cap);
      ctx.stroke();
    });
    ctx.restore();
  },
});

/**
 * Horizontal bars of the gap to peers per dimension with their 95 % intervals:
 * a clear difference is a solid bar (vermilion behind, blue ahead), no clear
 * difference a pale bar with an outline and "(not clear)" in its label,
 * so the difference survives greyscale printing. The axis is symmetric around 0.
 */
export function gapBarsConfig(report: GapReport): ChartConfiguration<'bar'> {
  const values = report.dimensions.map((d) => round1(d.gapToPeers));
  const clear = report.dimensions.map((d) => d.testable && d.significant === true);
  const intervals = report.dimensions.map((d) =>
    d.gapCiLow === null || d.gapCiHigh === null ? null : ([d.gapCiLow, d.gapCiHigh] as [number, number]),
  );
  const reach = Math.max(
    10,
    ...values.map((v) => Math.abs(v ?? 0)),
    ...intervals.flatMap((iv) => (iv ? iv.map(Math.abs) : [])),
  );
  const limit = Math.ceil(reach / 10) * 10;
  const t = (k: Parameters<typeof reportText>[1]) => reportText(report.lang, k);
  return {
    type: 'bar',
    data: {
      labels: report.dimensions.map((d, i) =>
        wrapLabel(
          d.suppressed
            ? `${d.label} (${t('suppressed')})`
            : clear[i] || d.gapToPeers === null
              ? d.label
              : `${d.label} (${t('notClear')})`,
          30,
        ),
      ),
      datasets: [
        {
          label: t('gapToPeers'),
          data: values,
          backgroundColor: values.map((v, i) =>
            clear[i] ? ((v ?? 0) > 0 ? VERMILION : BLUE) : rgba((v ?? 0) > 0 ? VERMILION : BLUE, 0.22),
          ),
          borderColor: values.map((v) => ((v ?? 0) > 0 ? VERMILION : BLUE)),
          borderWidth: values.map((_, i) => (clear[i] ? 0 : 2)),
        } as never,
      ],
    },
    options: {
      indexAxis: 'y',
      font: FONT,
      scales: {
        x: {
          min: -limit,
          max: limit,
          title: { display: true, text: `${t('gapToPeers')} (${report.peerGroupName})`, font: { ...FONT, size: 14 } },
          ticks: { font: { ...FONT, size: 14 } },
          grid: {
            color: (c: { tick?: { value: number } }) => (c.tick?.value === 0 ? '#333' : '#ddd'),
            lineWidth: (c: { tick?: { value: number } }) => (c.tick?.value === 0 ? 2 : 1),
          },
        },
        y: { ticks: { autoSkip: false, font: { ...FONT, size: 14 } } },
      },
      plugins: { legend: { display: false } },
    },
    plugins: [intervalWhiskers(intervals)],
  } as ChartConfiguration<'bar'>;
}

/** Splits a long axis label into lines of about `width` characters (Chart.js draws arrays as lines). */
export function wrapLabel(label: string, width = 20): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export interface ReportCharts {
  readonly radar: Buffer;
  readonly gapBars: Buffer;
}

/** The report's two charts as images: PNG for HTML, JPEG (white background, quality 92) for the PDF. */
export async function renderReportCharts(report: GapReport, type: 'png' | 'jpeg' = 'png'): Promise<ReportCharts> {
  const [radar, gapBars] = await Promise.all([
    renderChartPng(radarConfig(report), 600, 440, 2, type),
    renderChartPng(gapBarsConfig(report), 620, 340, 2, type),
  ]);
  return { radar, gapBars };
}
