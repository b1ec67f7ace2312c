/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiToken } from '../../src/services/user-admin.js';
import { CHROMIUM, startBrowserApp, type BrowserApp } from '../support/browser-app.js';
import { signedInContext } from '../support/browser-login.js';
import { englishOnlyWords, wordsOf } from '../support/english-words.js';
import { openWalkPage, WALK_PAGES } from '../support/page-walk.js';
import type { TestApp } from '../support/test-app.js';

let t: TestApp;
let app: BrowserApp | undefined;
let base: string;
let browser: Browser;
let context: BrowserContext;

/**
 * Words the English locale uses that are Dutch too (or loanwords Dutch texts
 * use as such): "een experiment", "een model", "een set", "een test", "use-case".
 */
const DUTCH_TOO = ['experiment', 'model', 'set', 'test', 'use'];

/**
 * Every piece of interface text on the page: text nodes (hidden ones too: a
 * closed <details> is still the interface), the names and hints in
 * attributes, and what Chart.js draws (labels, legends, axis titles).
 * Code and text marked translate="no" (ids, syntax, user names, hashes,
 * stored records: data, not interface) are left out.
 */
async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const skip = (el: Element | null) => !el || el.closest('script, style, code, kbd, samp, [translate="no"]') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (!skip(n.parentElement) && n.textContent!.trim() !== '') out.push(n.textContent!.trim());
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    out.push(document.title);
    const charts = (window as unknown as { Chart?: { instances: Record<string, unknown> } }).Chart;
    for (const chart of Object.values(charts?.instances ?? {}) as {
      data: { labels?: unknown[]; datasets: { label?: string }[] };
      options: { scales?: Record<string, { title?: { text?: string } }> };
    }[]) {
      for (const l of chart.data.labels ?? []) out.push(Array.isArray(l) ? l.join(' ') : String(l));
      for (const ds of chart.data.datasets) if (ds.label) out.push(ds.label);
      for (const s of Object.values(chart.options.scales ?? {})) if (s.title?.text) out.push(s.title.text);
    }
    return out;
  });
}

/** Same-origin links and forms of the page that would drop the Dutch interface. */
async function linksWithoutLang(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const lost: string[] = [];
    // Files and machine-readable documents have no interface language.
    const exempt = /^\/(static|vendor)\/|^\/api\/v1\/openapi\.json|^#/;
    // The language switch itself is the one way out of Dutch.
    for (const a of Array.from(document.querySelectorAll('a[href]:not(.langs a)'))) {
      const href = a.getAttribute('href')!;
      if (!href.startsWith('/') || exempt.test(href)) continue;
      const url = new URL(href, location.origin);
      if (url.searchParams.get('lang') !== 'nl') lost.push(`link ${href} ("${a.textContent!.trim()}")`);
    }
    for (const f of Array.from(document.querySelectorAll('form'))) {
      const action = f.getAttribute('action') ?? '';
      const url = new URL(action || location.href, location.href);
      if (url.pathname === '/logout') continue;
      const hidden = f.querySelector('input[name="lang"]') as HTMLInputElement | null;
      if (url.searchParams.get('lang') !== 'nl' && hidden?.value !== 'nl') lost.push(`form ${action || '(this page)'}`);
    }
    return lost;
  });
}

describe.skipIf(!existsSync(CHROMIUM))('every page in Dutch', { timeout: 180_000 }, () => {
  let english: Set<string>;
  /** Names stored as data (cities, countries, users, files): taken out of a text before its words are checked. */
  let dataNames: string[];

  beforeAll(async () => {
    app = await startBrowserApp();
    ({ t, base, browser } = app);
    context = await signedInContext(browser, base, 'admin', t.store);
    // A token, so the token table has a row to show.
    await issueApiToken(
      t.store.db,
      { userName: 'browser-admin', label: 'rapportage', now: new Date() },
      { actor: 't' },
    );
    // City, user and file names are data, in whatever language they were written.
    const cities = await t.store.db.selectFrom('cities').select(['name', 'country']).execute();
    const users = await t.store.db.selectFrom('users').select('name').execute();
    const files = await t.store.db.selectFrom('imports').select('file_name').execute();
    dataNames = [
      ...cities.flatMap((c) => [c.name, c.country]),
      ...users.map((u) => u.name),
      ...files.map((f) => f.file_name),
    ].sort((a, b) => b.length - a.length);
    english = new Set([...englishOnlyWords()].filter((w) => !DUTCH_TOO.includes(w)));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('the check knows the English words it looks for, and passes Dutch', () => {
    for (const w of ['peer', 'the', 'wave', 'undo', 'revoke', 'disable']) expect(english.has(w), w).toBe(true);
    for (const w of ['index', 'score', 'gent', 'segment']) expect(english.has(w), w).toBe(false);
  });

  for (const kind of WALK_PAGES) {
    it(`${kind.name}: no English interface text, and every link keeps the language`, async () => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      const status = await openWalkPage(page, base, kind, 'nl');
      if (status !== null) expect(status).toBe(kind.status ?? 200);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      const texts = await interfaceTexts(page);
      // More than the title: an empty page would have no English in it either.
      expect(texts.length, 'interface texts on the page').toBeGreaterThan(1);
      const found = texts.flatMap((text) =>
        wordsOf(
          dataNames
            .reduce((rest, name) => rest.split(name).join(' '), text)
            // key:value and key=value are syntax to type (largest:5, peers=all), not words to read;
            // quoted texts are what a file or a user wrote (a column name, a city as typed).
            .replace(/[\w.-]+[:=][^\s,;)]+/g, ' ')
            .replace(/"[^"]*"|“[^”]*”/g, ' '),
        )
          .filter((w) => english.has(w))
          .map((w) => `"${w}" in "${text.slice(0, 120)}"`),
      );
      expect([...new Set(found)]).toEqual([]);
      // The report is a file: its links are its own; every page of the app keeps ?lang=nl.
      if (kind.name !== 'HTML report') expect(await linksWithoutLang(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});
