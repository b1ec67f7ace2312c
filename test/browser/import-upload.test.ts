import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { login } from '../support/browser-login.js';
import { fixturePath } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

describe.skipIf(!existsSync(CHROMIUM))('upload page in a browser', () => {
  let t: TestApp;
  let app: BrowserApp | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await startBrowserApp({ store: await referenceStore() });
    ({ t, base, browser } = app);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('uploads a file, shows the preview with counts and warnings, and imports it on confirm', async () => {
    const page = await browser.newPage();
    const scriptErrors: string[] = [];
    page.on('pageerror', (e) => scriptErrors.push(e.message));
    await login(page, base, 'analyst', t.store);
    await page.goto(`${base}/imports/new`);
    await page.setInputFiles('input[type=file]', fixturePath('import', 'corpus', 'id-accent-variant.csv'));
    await page.click('#import-check');
    await page.waitForSelector('#import-preview');
    expect(await page.textContent('[data-count="respondents"]')).toBe('3');
    expect(await page.textContent('[data-count="added"]')).toBe('Liege, Malmo');
    expect(await page.locator('tr[data-code="city-accent-variant"]').count()).toBe(2);
    mkdirSync(`${PROJECT_ROOT}/test-artifacts`, { recursive: true });
    await page.screenshot({ path: `${PROJECT_ROOT}/test-artifacts/import-preview.png`, fullPage: true });
    expect((await countAllTables(t.store)).respondents).toBe(0);

    await page.click('#import-confirm');
    await page.waitForURL(/\/imports\/\d+$/);
    expect(await page.textContent('#import-summary [data-count="respondents"]')).toBe('3');
    expect((await countAllTables(t.store)).respondents).toBe(3);
    expect(scriptErrors).toEqual([]);
  }, 60_000);
});
