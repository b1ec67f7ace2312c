import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/db/create-db.js';
import { createApp } from '../../src/web/create-app.js';
import { login } from '../support/browser-login.js';
import { demoStore } from '../support/test-store.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('sign-in in a real browser', () => {
  let store: Store;
  let server: Server;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    store = await demoStore();
    const app = createApp({ store, config: loadConfig({ MATURITY_DB: ':memory:' }) });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
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
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await store?.close();
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
