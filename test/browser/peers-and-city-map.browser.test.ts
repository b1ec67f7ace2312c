import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { login } from '../support/browser-login.js';
import { cityRespondents, importCsv, surveyCsv } from '../support/survey-csv.js';
import type { TestApp } from '../support/test-app.js';
import { referenceStore } from '../support/test-store.js';

describe.skipIf(!existsSync(CHROMIUM))('choosing peers by clicking', () => {
  let app: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, base, browser } = app);
  }, 60_000);
  afterAll(async () => app?.close());

  it('filters the city list as one types, ticks two cities and shows Gent against them, by URL', async () => {
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await login(page, base, 'viewer', t.store);
    await page.goto(`${base}/cities/gent?wave=2026`);
    await page.click('#peer-picker summary');
    await page.fill('#peer-filter', 'ant');
    // Typing filters on the page (the script); "Antwerpen" stays, "Berlin" is hidden, the five ticked stay shown.
    await page.waitForSelector('#peer-city-list li[data-name="Bilbao"]', { state: 'hidden' });
    expect(await page.locator('#peer-city-list li[data-name="Antwerpen"]').isVisible()).toBe(true);
    await page.check('#peer-city-list input[value="Antwerpen"]');
    // Ticking a city chooses "Cities I tick" by itself.
    expect(await page.isChecked('#peer-list-choice')).toBe(true);
    await page.fill('#peer-filter', 'leu');
    await page.check('#peer-city-list input[value="Leuven"]');
    // Untick the five largest that were ticked with the default group.
    const ticked = await page
      .locator('#peer-city-list input:checked')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(ticked).toHaveLength(7); // the five largest, ticked with the default group, and the two just ticked
    for (const name of ticked)
      if (name !== 'Antwerpen' && name !== 'Leuven') await page.uncheck(`#peer-city-list input[value="${name}"]`);
    expect(await page.textContent('#peer-ticked-count')).toBe('2 ticked');
    await page.click('.controls button[type=submit]:not(.peer-filter-apply)');
    await page.waitForURL(/peers=Antwerpen%2CLeuven/);
    expect(await page.textContent('.counts')).toContain('Antwerpen, Leuven');
    expect(await page.getAttribute('a[href^="/reports/gap.pdf"]', 'href')).toContain('peers=Antwerpen%2CLeuven');
    // A preset, by clicking only.
    await page.check('input[name="peers"][value="country:BE"]');
    await page.click('.controls button[type=submit]:not(.peer-filter-apply)');
    await page.waitForURL(/peers=country%3ABE/);
    expect(scriptErrors).toEqual([]);
  }, 60_000);
});

describe.skipIf(!existsSync(CHROMIUM))('mapping a near-miss city in the import preview', () => {
  let app: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'maturity-map-browser-'));
  beforeAll(async () => {
    app = await startBrowserApp({ store: await referenceStore() });
    ({ t, base, browser } = app);
    await importCsv(t.store, surveyCsv(cityRespondents('Gent', 9)), 'gent-first.csv');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers Gent for "Gnt", shows Gent 9 → 12 after mapping, imports, then undoes with confirmation', async () => {
    const file = join(dir, 'wave2.csv');
    writeFileSync(file, surveyCsv(cityRespondents('Gnt', 3, 10)));
    const page = await browser.newPage();
    await login(page, base, 'analyst', t.store);
    await page.goto(`${base}/imports/new`);
    await page.setInputFiles('input[type=file]', file);
    await page.click('#import-check');
    await page.waitForSelector('#import-near-miss');
    expect(await page.inputValue('#map-city-0')).toBe('Gnt=Gent');
    await page.click('#import-remap');
    await page.waitForSelector('#import-per-city tr[data-city="Gent"]');
    expect((await page.textContent('#import-per-city tr[data-city="Gent"]'))!.replace(/\s+/g, ' ')).toContain('9 → 12');
    await page.click('#import-confirm');
    await page.waitForURL(/\/imports\/\d+$/);
    expect(await page.textContent('#import-city-map')).toContain('“Gnt” → Gent');
    await page.click('#import-undo-link');
    expect(await page.textContent('#undo-per-city')).toContain('Gent');
    await page.click('#undo-confirm');
    await page.waitForURL(/\/imports\?undone=\d+/);
    expect(await page.textContent('#undo-done')).toContain('3 respondents of “wave2.csv”');
  }, 60_000);
});
