import { existsSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { login } from '../support/browser-login.js';

describe.skipIf(!existsSync(CHROMIUM))('sign-in in a real browser', () => {
  let store: Store;
  let app: BrowserApp | undefined;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startBrowserApp();
    store = app.t.store;
    baseUrl = app.base;
    browser = app.browser;
  }, 30_000);
  afterAll(async () => {
    await app?.close();
  });

  it('signs in through the form, shows who is signed in, and signs out with the header button', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on(
      'response',
      (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`),
    );
    await page.goto(`${baseUrl}/cities/gent`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await login(page, baseUrl, 'viewer', store);
    expect(await page.textContent('.signed-in')).toContain('browser-viewer (viewer)');
    await page.goto(`${baseUrl}/cities/gent?wave=2026`);
    await page.waitForSelector('canvas#radar');
    mkdirSync('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/signed-in-city.png', fullPage: false });
    await Promise.all([page.waitForURL(/\/login$/), page.click('form.session button')]);
    await page.goto(`${baseUrl}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(errors).toEqual([]);
  }, 30_000);
});
