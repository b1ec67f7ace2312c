/// <reference lib="dom" />
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/role.js';
import { findUserRowByName } from '../../src/db/repositories/users.js';
import { insertUser } from '../../src/services/accounts.js';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { BROWSER_TEST_PASSWORD } from '../support/browser-login.js';
import { fixturePath } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';
import { countAllTables } from '../support/test-store.js';

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;

/**
 * Presses Tab until the focused element matches `selector` (at most `max`
 * presses) and returns how many it took. Every element focused on the way must
 * show a focus outline of at least 2 px; those that do not are added to `unseen`.
 */
async function tabTo(page: Page, selector: string, unseen: string[], max = 400): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { matches: false, visible: true, what: 'body' };
      const style = getComputedStyle(el);
      const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      return {
        matches: el.matches(sel),
        visible,
        what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}"`,
      };
    }, selector);
    if (!focus.visible) unseen.push(focus.what);
    if (focus.matches) return presses;
  }
  throw new Error(`${max} presses of Tab never reached ${selector}`);
}

/** Presses `key` on the focused element and waits for the page it loads. */
async function pressAndLoad(page: Page, key: string, url: RegExp | ((url: URL) => boolean)): Promise<void> {
  await Promise.all([page.waitForURL(url), page.keyboard.press(key)]);
}

/** Signs in through the login form with the keyboard alone. */
async function signInByKeyboard(page: Page, role: Role, unseen: string[]): Promise<void> {
  const name = `browser-${role}`;
  if (!(await findUserRowByName(t.store.db, name)))
    await insertUser(t.store.db, { name, role, password: BROWSER_TEST_PASSWORD, now: new Date() });
  await page.goto(`${base}/login`);
  await tabTo(page, 'input[name="name"]', unseen);
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await page.keyboard.type(BROWSER_TEST_PASSWORD);
  await pressAndLoad(page, 'Enter', (url) => !url.pathname.startsWith('/login'));
}

describe.skipIf(!existsSync(CHROMIUM))(
  'keyboard only (Tab, Enter, Space, arrows; no clicks)',
  { timeout: 120_000 },
  () => {
    beforeAll(async () => {
      app = await startBrowserApp();
      ({ t, base, browser } = app);
    }, 60_000);
    afterAll(async () => {
      await app?.close();
    });

    it("the strategist's task: overview → sort the heat table → Gent → other peers and a segment → open the report", async () => {
      const context = await browser.newContext({ acceptDownloads: true });
      const page = await context.newPage();
      const unseen: string[] = [];
      await signInByKeyboard(page, 'viewer', unseen);
      expect(new URL(page.url()).pathname).toBe('/');

      // The skip link is the first stop and moves focus to the main content.
      expect(await tabTo(page, 'a.skip-link', unseen)).toBe(1);
      expect(await page.locator('a.skip-link').isVisible()).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

      // Sort the heat table by its index column: Enter sorts ascending, Space descending.
      const indexHeader = '#heat-table thead th:nth-child(4)';
      await tabTo(page, `${indexHeader} button`, unseen);
      await page.keyboard.press('Enter');
      expect(await page.getAttribute(indexHeader, 'aria-sort')).toBe('ascending');
      await page.keyboard.press('Space');
      expect(await page.getAttribute(indexHeader, 'aria-sort')).toBe('descending');
      expect(await page.textContent('#heat-table + [role="status"]')).toBe('Sorted by Index, descending.');
      const scores = (
        await page.$$eval('#heat-table tbody tr td:nth-of-type(3)', (tds) =>
          tds.map((td) => td.getAttribute('data-sort')),
        )
      )
        .filter((v) => v !== '')
        .map(Number);
      expect(scores.length).toBeGreaterThan(5);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));

      // On to Gent's page through its link in the (re-sorted) table.
      await tabTo(page, '#heat-table tbody a[href^="/cities/gent"]', unseen);
      await pressAndLoad(page, 'Enter', /\/cities\/gent/);

      // The peer picker: open the city list, filter it, tick Antwerpen (joining the five largest,
      // ticked with the default group: Berlin, London, Madrid, Paris, Roma), show.
      await tabTo(page, '#peer-picker summary', unseen);
      await page.keyboard.press('Enter');
      await tabTo(page, '#peer-filter', unseen);
      await page.keyboard.type('antw');
      await tabTo(page, '#peer-city-list input[value="Antwerpen"]', unseen);
      await page.keyboard.press('Space');
      expect(await page.isChecked('#peer-list-choice')).toBe(true);
      await tabTo(page, 'form.controls button[type="submit"]:not(.peer-filter-apply)', unseen);
      await pressAndLoad(page, 'Enter', /peers=Antwerpen%2CBerlin%2CLondon%2CMadrid%2CParis%2CRoma/);
      expect(await page.locator('p.counts').textContent()).toContain('Antwerpen, Berlin, London, Madrid, Paris, Roma');

      // The segment filter: choose the first segment with the arrow key, submit with the Show button.
      await tabTo(page, 'select[name="segment"]', unseen);
      await page.keyboard.press('ArrowDown');
      const chosen = await page.$eval('select[name="segment"]', (s) => (s as HTMLSelectElement).value);
      expect(chosen).not.toBe('');
      await tabTo(page, 'form.controls button[type="submit"]', unseen);
      await pressAndLoad(page, 'Enter', new RegExp(`segment=${encodeURIComponent(chosen)}`));
      expect(await page.locator('.segment-note').count()).toBe(1);

      // A closed question drill-down opens with Enter.
      const second = 'details.drill:nth-of-type(2)';
      expect(await page.$eval(second, (d) => (d as HTMLDetailsElement).open)).toBe(false);
      await tabTo(page, `${second} summary`, unseen);
      await page.keyboard.press('Enter');
      expect(await page.$eval(second, (d) => (d as HTMLDetailsElement).open)).toBe(true);

      // Open the accessible HTML report (a download) for these peers.
      await tabTo(page, '#report-downloads a[href*="gap.html"]', unseen);
      const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
      expect(download.url()).toContain('peers=Antwerpen%2CBerlin');
      const html = readFileSync((await download.path())!, 'utf8');
      expect(html).toContain('<h1>');
      expect(html).toContain('Antwerpen');

      expect(unseen).toEqual([]);
      await context.close();
    });

    it("the analyst's task: upload → preview → confirm → undo, cancelled once, then confirmed", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const unseen: string[] = [];
      const before = (await countAllTables(t.store)).respondents!;
      await signInByKeyboard(page, 'analyst', unseen);

      await tabTo(page, 'nav a[href^="/imports"]', unseen);
      await pressAndLoad(page, 'Enter', /\/imports$/);
      await tabTo(page, 'main a[href^="/imports/new"]', unseen);
      await pressAndLoad(page, 'Enter', /\/imports\/new$/);

      // The file input opens the file chooser on Space.
      await tabTo(page, 'input[type="file"]', unseen);
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles(fixturePath('import', 'corpus', 'id-accent-variant.csv'));
      await tabTo(page, '#import-check', unseen);
      await pressAndLoad(page, 'Enter', /\/imports\/preview/);
      expect(await page.textContent('#import-preview [data-count="respondents"]')).toBe('3');
      expect((await countAllTables(t.store)).respondents).toBe(before);

      await tabTo(page, '#import-confirm', unseen);
      await pressAndLoad(page, 'Enter', /\/imports\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      expect((await countAllTables(t.store)).respondents).toBe(before + 3);

      // Back to the history, ask to undo, and cancel: nothing changes.
      await tabTo(page, 'main a[href="/imports"]', unseen);
      await pressAndLoad(page, 'Enter', /\/imports$/);
      await tabTo(page, `a[href="/imports/${id}/undo"]`, unseen);
      await pressAndLoad(page, 'Enter', new RegExp(`/imports/${id}/undo$`));
      expect(await page.textContent('h1')).toContain(`#${id}`);
      await tabTo(page, '#undo-cancel', unseen);
      await pressAndLoad(page, 'Enter', /\/imports$/);
      expect((await countAllTables(t.store)).respondents).toBe(before + 3);

      // Ask again and confirm.
      await tabTo(page, `a[href="/imports/${id}/undo"]`, unseen);
      await pressAndLoad(page, 'Enter', new RegExp(`/imports/${id}/undo$`));
      await tabTo(page, '#undo-confirm', unseen);
      await pressAndLoad(page, 'Enter', new RegExp(`/imports\\?undone=${id}$`));
      expect(await page.textContent('#undo-done')).toContain(`Import #${id} was undone`);
      expect((await countAllTables(t.store)).respondents).toBe(before);
      expect(await page.locator(`tr[data-import="${id}"]`).textContent()).toContain('undone');

      expect(unseen).toEqual([]);
      await context.close();
    });
  },
);
