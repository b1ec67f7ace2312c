/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startBrowserApp, waitForChartsToFit, type BrowserApp } from '../support/browser-app.js';
import { signedInContext } from '../support/browser-login.js';
import { openWalkPage, WALK_PAGES, type WalkLang } from '../support/page-walk.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;
let context: BrowserContext;

/**
 * What is wrong with the layout of the page as it is now drawn: sideways
 * scrolling of the page itself (a wide table may scroll inside its own box),
 * a chart that skips or cuts a category label, a whisker drawn outside its
 * chart's plotting area, a navigation link broken inside a word.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  await waitForChartsToFit(page);
  return page.evaluate(() => {
    const problems: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) {
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}`);
      problems.push(`the page scrolls sideways by ${overflow} px (${wide.join(', ')})`);
    }
    interface Scale {
      type: string;
      axis: string;
      ticks: unknown[];
      left: number;
      right: number;
      top: number;
      bottom: number;
      getPixelForValue(v: number): number;
      getPixelForTick(i: number): number;
      labelRotation: number;
      _labelSizes?: { widths: number[] };
      _pointLabelItems?: { left: number; right: number; top: number; bottom: number }[];
    }
    interface ChartLike {
      canvas: HTMLCanvasElement;
      width: number;
      height: number;
      chartArea: { left: number; right: number; top: number; bottom: number };
      data: { labels?: unknown[]; datasets: { intervals?: ([number, number] | null)[] | null }[] };
      options: { indexAxis?: string; plugins?: { categoryTicks?: unknown } };
      scales: Record<string, Scale>;
      getDatasetMeta(i: number): { hidden: boolean | null; type: string; xAxisID: string; yAxisID: string };
    }
    const charts = (window as unknown as { Chart?: { instances: Record<string, ChartLike> } }).Chart;
    // A chart that was never drawn has no labels or whiskers to check: count it as a problem.
    const canvases = document.querySelectorAll('canvas').length;
    const drawn = Object.keys(charts?.instances ?? {}).length;
    if (drawn !== canvases) problems.push(`${canvases} canvases, ${drawn} charts drawn`);
    for (const chart of Object.values(charts?.instances ?? {})) {
      const name = chart.canvas.id;
      const labels = chart.data.labels ?? [];
      for (const scale of Object.values(chart.scales)) {
        if (scale.type === 'category' && scale.ticks.length < labels.length)
          problems.push(`${name}: ${scale.ticks.length} of ${labels.length} labels shown on its ${scale.axis} axis`);
        // A label drawn partly outside the canvas is cut off.
        for (const item of scale._pointLabelItems ?? [])
          if (item.left < -1 || item.right > chart.width + 1 || item.top < -1 || item.bottom > chart.height + 1)
            problems.push(`${name}: a label is cut at the canvas edge`);
        // A tick label turned to fit ends left of its tick: it must not run past the canvas's left edge.
        if (scale.axis === 'x' && scale.labelRotation > 0 && scale._labelSizes)
          scale.ticks.forEach((_, i) => {
            const reach = scale._labelSizes!.widths[i]! * Math.cos((scale.labelRotation * Math.PI) / 180);
            if (scale.getPixelForTick(i) - reach < -1)
              problems.push(`${name}: tick label ${i + 1} is cut at the left edge`);
          });
        if (scale.type === 'category' && (scale.left < -1 || scale.right > chart.width + 1))
          problems.push(`${name}: the labels of its ${scale.axis} axis run off the canvas`);
      }
      const horizontal = chart.options.indexAxis === 'y';
      chart.data.datasets.forEach((ds, di) => {
        const meta = chart.getDatasetMeta(di);
        if (meta.hidden || meta.type !== 'bar' || !ds.intervals) return;
        const valueScale = chart.scales[horizontal ? meta.xAxisID : meta.yAxisID]!;
        const [lo, hi] = horizontal
          ? [chart.chartArea.left, chart.chartArea.right]
          : [chart.chartArea.top, chart.chartArea.bottom];
        for (const iv of ds.intervals) {
          if (!iv) continue;
          for (const v of iv) {
            const px = valueScale.getPixelForValue(v);
            if (px < lo - 1 || px > hi + 1) problems.push(`${name}: a whisker (${v}) ends outside the chart area`);
          }
        }
      });
    }
    for (const a of Array.from(document.querySelectorAll('header nav a'))) {
      const range = document.createRange();
      range.selectNodeContents(a);
      const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      // One line per word at most: a link broken inside a word spans more lines than it has words.
      const words = a.textContent!.trim().split(/\s+/).length;
      if (lines.size > words) problems.push(`navigation link "${a.textContent!.trim()}" is split inside a word`);
    }
    return [...new Set(problems)];
  });
}

describe.skipIf(!existsSync(CHROMIUM))('every page on a phone and on a laptop', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, base, browser } = app);
    context = await signedInContext(browser, base, 'admin', t.store);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  for (const width of [390, 1366])
    for (const lang of ['en', 'nl'] as WalkLang[])
      it(`${width} px, ${lang}: no sideways scrolling, every chart label shown, whiskers inside, no split words`, async () => {
        const found: Record<string, string[]> = {};
        for (const kind of WALK_PAGES) {
          const page = await context.newPage();
          await page.setViewportSize({ width, height: 900 });
          const status = await openWalkPage(page, base, kind, lang);
          // An error page has little to lay out: check that the page asked for is the one measured.
          if (status !== null) expect(status, kind.name).toBe(kind.status ?? 200);
          const problems = await layoutProblems(page);
          if (problems.length > 0) found[kind.name] = problems;
          await page.close();
        }
        expect(found).toEqual({});
      });

  it("the trend chart's key draws the index as a dashed line, the dimensions by their point shapes", async () => {
    const page = await context.newPage();
    await page.goto(`${base}/cities/gent?wave=2026`);
    await page.waitForSelector('#trend[data-painted]');
    const items = await page.evaluate(() => {
      const charts = (
        window as unknown as {
          Chart: {
            instances: Record<
              string,
              {
                canvas: HTMLCanvasElement;
                legend: { legendItems: { text: string; pointStyle: string; lineDash: number[] }[] };
              }
            >;
          };
        }
      ).Chart;
      const trend = Object.values(charts.instances).find((c) => c.canvas.id === 'trend')!;
      return trend.legend.legendItems.map((i) => ({
        text: i.text,
        pointStyle: i.pointStyle,
        dashed: (i.lineDash ?? []).length > 0,
      }));
    });
    expect(items.at(-1)).toEqual({ text: 'Index', pointStyle: 'line', dashed: true });
    expect(items[0]!.pointStyle).toBe('circle');
    await page.close();
  });

  it('the check itself finds a page wider than the window, a skipped label and a chart not drawn', async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.goto(`${base}/?wave=2026`);
    await page.evaluate(() => {
      const wide = document.createElement('div');
      wide.style.width = '500px';
      wide.style.height = '1px';
      document.body.append(wide);
    });
    expect((await layoutProblems(page)).join(' ')).toMatch(/scrolls sideways/);
    await page.goto(`${base}/cities/gent?wave=2026`);
    await page.evaluate(() => {
      const charts = (
        window as unknown as {
          Chart: {
            instances: Record<
              string,
              {
                config: { options: Record<string, unknown> };
                canvas: HTMLCanvasElement;
                options: { scales: Record<string, { ticks: Record<string, unknown> }> };
                update(): void;
              }
            >;
          };
        }
      ).Chart;
      const bars = Object.values(charts.instances).find((c) => c.canvas.id === 'gap-bars')!;
      bars.options.scales.y!.ticks.autoSkip = true;
      bars.options.scales.y!.ticks.autoSkipPadding = 400;
      bars.update();
    });
    expect((await layoutProblems(page)).join(' ')).toMatch(/gap-bars: \d of 5 labels shown/);
    await page.evaluate(() => {
      const charts = (
        window as unknown as { Chart: { instances: Record<string, { canvas: HTMLCanvasElement; destroy(): void }> } }
      ).Chart;
      Object.values(charts.instances)
        .find((c) => c.canvas.id === 'trend')!
        .destroy();
    });
    expect((await layoutProblems(page)).join(' ')).toMatch(/\d+ canvases, \d+ charts drawn/);
    await page.close();
  });
});
