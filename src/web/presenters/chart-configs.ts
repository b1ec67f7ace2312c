import { fill, PALETTE } from './palette.js';

/** Chart.js configurations as plain JSON (drawn by public/js/charts.js; no functions, CSP allows no inline code). */

export const round1 = (v: number | null | undefined): number | null =>
  v === null || v === undefined ? null : Math.round(v * 10) / 10;

export const colorAt = (i: number): string => PALETTE[i % PALETTE.length]!;

/** How one series is told apart from the others without its colour. */
export interface SeriesStyle {
  /** The Okabe–Ito fill colour. */
  readonly color: string;
  /** Lines, point and bar outlines: the colour itself, or a darker shade where it has less than 3:1 on white. */
  readonly border: string;
  readonly pointStyle: string;
  /** Line dash of radar and line charts ([] = solid). */
  readonly dash: readonly number[];
  /** Hatching of bars, drawn by public/js/charts.js ('none' = plain fill). */
  readonly pattern: string;
}

/**
 * Series styles in the order series get them: colour (the four with 3:1 on
 * white first), point shape, dash and bar hatching all differ, so a series can
 * be followed in greyscale, in print and with any colour-vision deficiency.
 */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { color: '#0072B2', border: '#0072B2', pointStyle: 'circle', dash: [], pattern: 'none' },
  { color: '#D55E00', border: '#D55E00', pointStyle: 'rect', dash: [8, 3], pattern: 'diagonal' },
  { color: '#009E73', border: '#009E73', pointStyle: 'triangle', dash: [2, 3], pattern: 'dots' },
  { color: '#CC79A7', border: '#CC79A7', pointStyle: 'rectRot', dash: [10, 3, 2, 3], pattern: 'horizontal' },
  { color: '#E69F00', border: '#A36F00', pointStyle: 'star', dash: [3, 6], pattern: 'vertical' },
  { color: '#56B4E9', border: '#2B7BB0', pointStyle: 'rectRounded', dash: [12, 4], pattern: 'diagonal-back' },
  { color: '#F0E442', border: '#8C8400', pointStyle: 'cross', dash: [1, 3], pattern: 'cross' },
  { color: '#000000', border: '#000000', pointStyle: 'dash', dash: [14, 3, 3, 3, 3, 3], pattern: 'grid' },
];

/** The reference line (all-city mean, index): black, long dashes, its own point shape. */
export const REFERENCE_STYLE: SeriesStyle = {
  color: '#000000',
  border: '#000000',
  pointStyle: 'crossRot',
  dash: [6, 4],
  pattern: 'none',
};

/** The style of the `i`-th series; a colour chosen for meaning keeps the rest of that position's style. */
export function styleAt(i: number, color?: string): SeriesStyle {
  const base = SERIES_STYLES[i % SERIES_STYLES.length]!;
  if (color === undefined) return base;
  const same = SERIES_STYLES.find((s) => s.color.toLowerCase() === color.toLowerCase());
  return { ...base, color, border: same?.border ?? color };
}

/** Legends draw each series' point shape, so the key matches the lines without colour. */
const LEGEND = { position: 'bottom', labels: { usePointStyle: true } } as const;

export interface Series {
  readonly label: string;
  readonly data: readonly (number | null)[];
  /** 95 % interval per point, drawn as whiskers by the `intervals` plugin of charts.js. */
  readonly intervals?: readonly (readonly [number, number] | null)[];
  /** Points whose difference is not significant: drawn pale and marked "n.s.". */
  readonly notSignificant?: readonly boolean[];
  readonly dashed?: boolean;
  /** A colour of the palette chosen for meaning (else the series' position picks one). */
  readonly color?: string;
}

/**
 * A long label as lines of at most `width` characters (Chart.js draws an array as lines).
 * @example wrapLabel('AI impact measurement & metrics', 16) // => ['AI impact', 'measurement &', 'metrics']
 */
export function wrapLabel(label: string, width = 16): string | string[] {
  if (label.length <= width) return label;
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function radarChart(labels: readonly string[], series: readonly Series[]): unknown {
  return {
    type: 'radar',
    data: {
      labels: labels.map((l) => wrapLabel(l)),
      datasets: series.map((s, i) => {
        const style = s.dashed ? REFERENCE_STYLE : styleAt(i, s.color);
        return {
          label: s.label,
          data: s.data.map(round1),
          borderColor: style.border,
          backgroundColor: fill(style.color, series.length > 3 ? 0.05 : 0.15),
          pointBackgroundColor: style.border,
          pointBorderColor: style.border,
          pointStyle: style.pointStyle,
          pointRadius: 4,
          borderWidth: 2,
          borderDash: style.dash,
          // The reference series' legend key is a dashed line like the series itself (charts.js).
          legendLine: s.dashed === true,
          spanGaps: false,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: true,
      layout: { padding: 4 },
      scales: { r: { min: 0, max: 100, ticks: { stepSize: 20 }, pointLabels: { font: { size: 11 } } } },
      plugins: { legend: LEGEND },
    },
  };
}

/** Bars with interval whiskers; `horizontal` puts the categories on the y axis. */
export function barChart(
  labels: readonly string[],
  series: readonly Series[],
  options: {
    horizontal?: boolean;
    min?: number;
    max?: number;
    axisTitle?: string;
    nsLabel?: string;
    colorOffset?: number;
  } = {},
): unknown {
  const valueAxis = options.horizontal ? 'x' : 'y';
  const categoryAxis = options.horizontal ? 'y' : 'x';
  return {
    type: 'bar',
    data: {
      labels: labels.map((l) => wrapLabel(l, 20)),
      datasets: series.map((s, i) => {
        const style = styleAt(i + (options.colorOffset ?? 0), s.color);
        const pale = (j: number) => s.notSignificant?.[j] === true;
        return {
          label: s.label,
          data: s.data.map(round1),
          backgroundColor: s.data.map((_, j) => fill(style.color, pale(j) ? 0.25 : 0.85)),
          borderColor: style.border,
          borderWidth: 1,
          pattern: style.pattern,
          intervals: s.intervals?.map((iv) => (iv ? [round1(iv[0]), round1(iv[1])] : null)) ?? null,
          notSignificant: s.notSignificant ?? null,
        };
      }),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        // Every category keeps its label, however narrow the screen (Chart.js would skip some).
        [categoryAxis]: { ticks: { autoSkip: false } },
        [valueAxis]: {
          ...(options.min !== undefined ? { min: options.min } : {}),
          ...(options.max !== undefined ? { max: options.max } : {}),
          title: { display: options.axisTitle !== undefined, text: options.axisTitle ?? '' },
        },
      },
      plugins: { legend: { position: 'bottom' }, intervals: { nsLabel: options.nsLabel ?? 'n.s.' } },
    },
  };
}

export function lineChart(labels: readonly (string | number)[], series: readonly Series[], axisTitle: string): unknown {
  return {
    type: 'line',
    data: {
      labels: labels.map(String),
      datasets: series.map((s, i) => {
        const style = s.dashed ? REFERENCE_STYLE : styleAt(i, s.color);
        return {
          label: s.label,
          data: s.data.map(round1),
          borderColor: style.border,
          backgroundColor: style.border,
          pointStyle: style.pointStyle,
          borderWidth: 2,
          borderDash: style.dash,
          legendLine: s.dashed === true,
          pointRadius: 5,
          spanGaps: false,
        };
      }),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { ticks: { autoSkip: false } },
        y: { min: 0, max: 100, title: { display: true, text: axisTitle } },
      },
      plugins: { legend: LEGEND },
    },
  };
}

/**
 * A strip chart: one column of points per category (x = category index plus a
 * small fixed jitter), with the median as a wide dash. Tick labels come from
 * `options.plugins.categoryTicks.labels` (charts.js turns them into a callback).
 */
export function stripChart(
  labels: readonly string[],
  points: readonly (readonly number[])[],
  medians: readonly (number | null)[],
  names: { points: string; median: string },
): unknown {
  const jitter = (j: number) => ((j * 37) % 21) / 60 - 0.17;
  return {
    type: 'scatter',
    data: {
      datasets: [
        {
          label: names.points,
          data: points.flatMap((values, d) =>
            values.map((y, j) => ({ x: Math.round((d + jitter(j)) * 1000) / 1000, y: round1(y) })),
          ),
          backgroundColor: fill(colorAt(0), 0.55),
          borderColor: colorAt(0),
          pointRadius: 4,
        },
        {
          label: names.median,
          data: medians.map((y, d) => (y === null ? null : { x: d, y: round1(y) })).filter((p) => p !== null),
          pointStyle: 'line',
          pointRadius: 22,
          borderWidth: 4,
          borderColor: colorAt(5),
          backgroundColor: colorAt(5),
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', min: -0.5, max: labels.length - 0.5, ticks: { stepSize: 1 }, grid: { display: false } },
        y: { min: 0, max: 100 },
      },
      // Wrapped like the other charts' labels: a long name turned to fit a phone ran off the canvas.
      plugins: {
        legend: { position: 'bottom' },
        categoryTicks: { axis: 'x', labels: labels.map((l) => wrapLabel(l)) },
      },
    },
  };
}
