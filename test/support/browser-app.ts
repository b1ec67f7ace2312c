/// <reference lib="dom" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeTestApp, type TestApp } from './test-app.js';

/** The Chromium the browser tests drive; a suite skips itself where this file is missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Headless on a shared container with no network: no sandbox or GPU there, no
// background traffic to wait on, and /dev/shm may be too small for Chromium.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The test app served on a free local port, and a Chromium to open it in. */
export interface BrowserApp {
  readonly t: TestApp;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly base: string;
  readonly browser: Browser;
  /** Closes the browser, then the server, then the store. */
  close(): Promise<void>;
}

/** Starts `makeTestApp(options)` on 127.0.0.1 and launches Chromium; call `close()` in `afterAll`. */
export async function startBrowserApp(options?: Parameters<typeof makeTestApp>[0]): Promise<BrowserApp> {
  const t = await makeTestApp(options);
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const stopServer = async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.store.close();
  };
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (e) {
    // The caller gets no handle to close, so nothing may be left running.
    await stopServer();
    throw e;
  }
  return {
    t,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      await stopServer();
    },
  };
}

/**
 * Waits (5 s at most) until every canvas of `page` fits the window: Chart.js
 * resizes its canvases on the frames after a resize, so measure after this.
 */
export async function waitForChartsToFit(page: Page): Promise<void> {
  await page
    .waitForFunction(
      () =>
        Array.from(document.querySelectorAll('canvas')).every(
          (c) => c.getBoundingClientRect().right <= window.innerWidth + 1,
        ),
      null,
      { timeout: 5000 },
    )
    .catch(() => undefined);
}
