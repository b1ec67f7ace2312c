/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/auth/role.js';
import { AXE_TAGS, axeViolations, type AxeFinding } from '../support/axe.js';
import { CHROMIUM, startBrowserApp, waitForChartsToFit, type BrowserApp } from '../support/browser-app.js';
import { signedInContext } from '../support/browser-login.js';
import { fixturePath } from '../support/fixtures.js';
import type { TestApp } from '../support/test-app.js';

const LANGS = ['en', 'nl'] as const;
type Lang = (typeof LANGS)[number];

/** One kind of page: how to reach it, the least role that may, and the status it answers with. */
interface PageKind {
  readonly name: string;
  readonly role: Role;
  readonly path?: string;
  readonly status?: number;
  /** Pages reached by doing something rather than by a URL (an upload's preview, a downloaded report). */
  readonly open?: (page: Page, lang: Lang) => Promise<void>;
}

const withLang = (path: string, lang: Lang) =>
  lang === 'en' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=nl`;

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;

/** Every kind of page the app serves (the login page is checked signed out). */
const PAGES: readonly PageKind[] = [
  { name: 'overview', role: 'viewer', path: '/?wave=2026' },
  { name: 'overview, one segment', role: 'viewer', path: '/?wave=2026&segment=role:it' },
  { name: 'city page', role: 'viewer', path: '/cities/gent?wave=2026&peers=largest:5' },
  { name: 'city page, one segment', role: 'viewer', path: '/cities/gent?wave=2026&segment=layer:team' },
  { name: 'compare', role: 'viewer', path: '/compare?cities=Gent,Antwerpen,Berlin&peers=largest:5&wave=2026' },
  { name: 'compare, no cities yet', role: 'viewer', path: '/compare' },
  { name: 'instrument', role: 'viewer', path: '/instrument' },
  { name: 'import history', role: 'viewer', path: '/imports' },
  { name: 'upload form', role: 'viewer', path: '/imports/new' },
  { name: 'import summary', role: 'viewer', path: '/imports/1' },
  { name: 'account password', role: 'viewer', path: '/account/password' },
  { name: 'error page', role: 'viewer', path: '/cities/nowhere', status: 404 },
  {
    name: 'HTML report',
    role: 'viewer',
    // Served as a download: fetched with the session's cookies, then shown as a page.
    open: async (page, lang) => {
      const res = await page
        .context()
        .request.get(`${base}/reports/gap.html?city=gent&wave=2026&peers=largest:5&lang=${lang}`);
      expect(res.status()).toBe(200);
      await page.setContent(await res.text(), { waitUntil: 'load' });
    },
  },
  {
    name: 'upload preview',
    role: 'analyst',
    open: async (page, lang) => {
      await page.goto(withLang(`${base}/imports/new`, lang));
      await page.setInputFiles('input[type=file]', fixturePath('import', 'corpus', 'id-accent-variant.csv'));
      await Promise.all([page.waitForURL(/\/imports\/preview/), page.click('#import-check')]);
      await page.waitForSelector('#import-preview.accepted');
    },
  },
  {
    name: 'upload refused',
    role: 'analyst',
    open: async (page, lang) => {
      await page.goto(withLang(`${base}/imports/new`, lang));
      await page.setInputFiles('input[type=file]', fixturePath('import', 'corpus', 'hdr-qualtrics.csv'));
      await Promise.all([page.waitForURL(/\/imports\/preview/), page.click('#import-check')]);
      await page.waitForSelector('#import-preview.rejected');
    },
  },
  { name: 'undo confirmation', role: 'analyst', path: '/imports/1/undo' },
  { name: 'comments', role: 'analyst', path: '/cities/gent/comments?wave=2026' },
  { name: 'users', role: 'admin', path: '/admin/users' },
  { name: 'audit log', role: 'admin', path: '/admin/audit' },
];

const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

describe.skipIf(!existsSync(CHROMIUM))(`axe-core (${AXE_TAGS.join(', ')}) on every page`, { timeout: 120_000 }, () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, base, browser } = app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Opens each page in `context` and returns the violations found, by page; also any script error or sideways scrolling at 320 px. */
  async function check(
    context: BrowserContext,
    kinds: readonly PageKind[],
    lang: Lang,
  ): Promise<Record<string, AxeFinding[] | string>> {
    const found: Record<string, AxeFinding[] | string> = {};
    for (const kind of kinds) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      if (kind.open) await kind.open(page, lang);
      else {
        const res = await page.goto(withLang(base + kind.path!, lang), { waitUntil: 'load' });
        if (res?.status() !== (kind.status ?? 200)) found[kind.name] = `status ${res?.status()}`;
      }
      expect(await page.getAttribute('html', 'lang'), kind.name).toBe(lang);
      const violations = await axeViolations(page);
      if (violations.length > 0) found[kind.name] = violations;
      // Reflow (WCAG 1.4.10): at 320 CSS px nothing but a wide table's own scroll box may scroll sideways.
      await page.setViewportSize({ width: 320, height: 800 });
      await waitForChartsToFit(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) found[`${kind.name} (320 px wide)`] = `the page scrolls sideways by ${overflow} px`;
      if (errors.length > 0) found[`${kind.name} (script)`] = errors.join('; ');
      await page.close();
    }
    return found;
  }

  it('the checker itself finds what it should: a missing alt text and text under 4.5:1', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<!doctype html><html lang="en"><title>t</title><main><img src="data:,"><p style="color:#fff;background:#4a98c9">76.1</p></main></html>',
    );
    expect((await axeViolations(page)).map((v) => v.rule).sort()).toEqual(['color-contrast', 'image-alt']);
    await page.close();
  });

  it.each(LANGS)('the login page (%s), signed out: no violations', async (lang) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(withLang(`${base}/login`, lang));
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await axeViolations(page)).toEqual([]);
    // A failed sign-in shows the error: checked too.
    await page.fill('input[name="name"]', 'nobody');
    await page.fill('input[name="password"]', 'wrong-password');
    await Promise.all([page.waitForLoadState('load'), page.click('form.auth-form button[type="submit"]')]);
    await page.waitForSelector('.error-message');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  for (const role of ROLES) {
    const kinds = PAGES.filter((p) => RANK[p.role] <= RANK[role]);
    it.each(LANGS)(`signed in as ${role}: ${kinds.length} page kinds (%s), no violations`, async (lang) => {
      const context = await signedInContext(browser, base, role, t.store);
      expect(await check(context, kinds, lang)).toEqual({});
      await context.close();
    });
  }
});
