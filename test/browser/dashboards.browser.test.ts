/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { signedInContext } from '../support/browser-login.js';
import { HTML_CITY, importHtmlCity } from '../support/html-city.js';
import type { TestApp } from '../support/test-app.js';

const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;
/** A signed-in viewer's browser session: every page is opened in it. */
let context: BrowserContext;

describe.skipIf(!existsSync(CHROMIUM))('dashboards in Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, base, browser } = app);
    await importHtmlCity(t.store);
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await signedInContext(browser, base, 'viewer', t.store);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Opens a page, collecting console errors and failed requests. */
  async function open(path: string, width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
    const res = await page.goto(base + path, { waitUntil: 'load' });
    expect(res?.status()).toBe(200);
    return { page, problems };
  }

  /** Every chart canvas is marked painted and holds non-blank pixels. */
  async function expectPaintedCharts(page: Page, count: number): Promise<void> {
    const canvases = await page.$$eval('canvas[data-chart]', (els) =>
      els.map((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
        return { id: canvas.id, painted: canvas.getAttribute('data-painted'), inked, w: canvas.width };
      }),
    );
    expect(canvases).toHaveLength(count);
    for (const c of canvases) {
      expect(c.painted, c.id).toBe('true');
      expect(c.w, c.id).toBeGreaterThan(100);
      expect(c.inked, c.id).toBeGreaterThan(500);
    }
  }

  it('overview: charts painted, table sorts, HTML city name shown as text', async () => {
    const { page, problems } = await open('/?wave=2026');
    await expectPaintedCharts(page, 1);
    const link = page.locator('#heat-table a', { hasText: 'Evil' });
    expect(await link.textContent()).toBe(HTML_CITY);
    expect(await page.locator('#heat-table i').count()).toBe(0);
    // Sort by the index column, descending: the first row has the highest index.
    const indexHeader = page.locator('#heat-table thead th').nth(3).locator('button');
    await indexHeader.click();
    await indexHeader.click();
    expect(await page.locator('#heat-table thead th').nth(3).getAttribute('aria-sort')).toBe('descending');
    const values = await page.$$eval('#heat-table tbody tr td:nth-of-type(3)', (tds) =>
      tds.map((td) => td.getAttribute('data-sort')),
    );
    const numbers = values.filter((v) => v !== '').map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(values.slice(numbers.length).every((v) => v === '')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("Gent's page: radar, gap bars and trend painted, no errors", async () => {
    const { page, problems } = await open('/cities/gent?wave=2026&peers=largest:5');
    await expectPaintedCharts(page, 3);
    await page.screenshot({ path: join(ARTIFACTS, 'city-gent.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('comparison: radar and grouped bars painted, no errors', async () => {
    const { page, problems } = await open('/compare?cities=Gent&peers=largest:5&wave=2026');
    await expectPaintedCharts(page, 2);
    await page.screenshot({ path: join(ARTIFACTS, 'compare.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("the HTML city's own page shows its name as text", async () => {
    const { page, problems } = await open('/?wave=2026');
    await page.locator('#heat-table a', { hasText: 'Evil' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1').textContent()).toContain(HTML_CITY);
    expect(await page.locator('main i').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works at phone width: charts painted, no horizontal page overflow', async () => {
    const { page, problems } = await open('/cities/gent?wave=2026', 390);
    await expectPaintedCharts(page, 3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: join(ARTIFACTS, 'city-gent-phone.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
