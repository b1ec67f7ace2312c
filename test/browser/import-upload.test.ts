import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';
import { login } from '../support/browser-login.js';
import { fixturePath } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { countAllTables, referenceStore } from '../support/test-store.js';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(executablePath))('upload page in a browser', () => {
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await makeTestApp({ store: await referenceStore() });
    server = await new Promise<Server>((resolve) => {
      const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await t?.store.close();
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
