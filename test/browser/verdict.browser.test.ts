/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { signedInContext } from '../support/browser-login.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;
let context: BrowserContext;

describe.skipIf(!existsSync(CHROMIUM))(
  "Gent's verdict, next steps and what-if in Chromium",
  { timeout: 90_000 },
  () => {
    beforeAll(async () => {
      app = await startBrowserApp();
      ({ t, base, browser } = app);
      context = await signedInContext(browser, base, 'analyst', t.store);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
    });

    const languages = [
      {
        lang: 'en',
        verdict: /^Gent is at rank \d+ of \d+ cities/,
        heading: 'Priorities and next steps',
        stage: /^(Inspire|Explore|Experiment|Invest)$/,
      },
      {
        lang: 'nl',
        verdict: /^Gent staat op plaats \d+ van \d+ steden/,
        heading: 'Prioriteiten en volgende stappen',
        stage: /^(Inspireren|Verkennen|Experimenteren|Investeren)$/,
      },
    ] as const;
    // Each language on a laptop and on a phone.
    const cases = languages.flatMap((l) => [1366, 390].map((width) => ({ ...l, width })));

    for (const c of cases) {
      it(`shows the verdict first and the next steps (${c.lang}, ${c.width} px), without sideways scrolling in them`, async () => {
        const page = await context.newPage();
        await page.setViewportSize({ width: c.width, height: 900 });
        const res = await page.goto(`${base}/cities/gent?wave=2026${c.lang === 'nl' ? '&lang=nl' : ''}`, {
          waitUntil: 'load',
        });
        expect(res?.status()).toBe(200);
        const verdict = page.locator('#verdict .verdict-text');
        await expect.poll(() => verdict.isVisible()).toBe(true);
        expect((await verdict.textContent())!.trim()).toMatch(c.verdict);
        // The verdict comes before every chart and table of the page.
        const before = await page.evaluate(() => {
          const v = document.querySelector('#verdict')!;
          const first = document.querySelector('canvas, table')!;
          return (v.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        });
        expect(before).toBe(true);
        await expect.poll(() => page.getByRole('heading', { name: c.heading }).isVisible()).toBe(true);
        const priorities = page.locator('#next-steps ol.priorities > li');
        expect(await priorities.count()).toBe(5);
        const firstTag = (await priorities.first().locator('.tag').first().textContent())!.trim();
        expect(firstTag).toMatch(c.stage);
        // Neither block is wider than the window.
        for (const id of ['#verdict', '#next-steps']) {
          const box = await page.locator(id).boundingBox();
          expect(box!.x + box!.width, id).toBeLessThanOrEqual(c.width);
        }
        const overflow = await page.evaluate(
          () =>
            Array.from(document.querySelectorAll('#verdict *, #next-steps *')).filter(
              (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible',
            ).length,
        );
        expect(overflow).toBe(0);
        await page.close();
      });
    }

    it('lets an analyst set a target and open the what-if filled in with it', async () => {
      const page = await context.newPage();
      await page.setViewportSize({ width: 390, height: 900 });
      await page.goto(`${base}/cities/gent?wave=2026`, { waitUntil: 'load' });
      await page.selectOption('form.targets-form select[name="dimension"]', 'sovereignty');
      await page.fill('form.targets-form input[name="value"]', '70');
      await Promise.all([
        page.waitForURL(/\/cities\/gent\?wave=2026#targets/),
        page.click('form.targets-form button[type="submit"]'),
      ]);
      expect(await page.locator('#target-table').textContent()).toContain('70.0');
      expect(await page.locator('input[name="to.sovereignty"]').inputValue()).toBe('70');
      await Promise.all([page.waitForURL(/\/what-if\?/), page.click('form.what-if-form button[type="submit"]')]);
      const summary = await page.locator('#what-if-summary').textContent();
      expect(summary).toMatch(/Index/);
      expect(await page.locator('#raised').textContent()).toMatch(/AI sovereignty: [\d.]+ → 70\.0/);
      await page.close();
    });
  },
);
