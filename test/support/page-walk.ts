/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { fixturePath } from './fixtures.js';

export type WalkLang = 'en' | 'nl';

/** One kind of page an admin can reach: by URL, or by doing something (an upload's preview, a downloaded report). */
export interface WalkPage {
  readonly name: string;
  readonly path?: string;
  readonly status?: number;
  readonly open?: (page: Page, base: string, lang: WalkLang) => Promise<void>;
}

export const withLang = (path: string, lang: WalkLang): string =>
  lang === 'en' ? path : `${path}${path.includes('?') ? '&' : '?'}lang=nl`;

const uploadPreview =
  (file: string, outcome: 'accepted' | 'rejected') => async (page: Page, base: string, lang: WalkLang) => {
    await page.goto(withLang(`${base}/imports/new`, lang));
    await page.setInputFiles('#upload-form input[type=file]', fixturePath('import', 'corpus', file));
    await Promise.all([page.waitForURL(/\/imports\/preview/), page.click('#import-check')]);
    await page.waitForSelector(`#import-preview.${outcome}`);
  };

/** Every kind of page of the app, as the walk-throughs in Dutch and on phones open them (signed in as admin). */
export const WALK_PAGES: readonly WalkPage[] = [
  { name: 'overview', path: '/?wave=2026' },
  { name: 'overview, one segment', path: '/?wave=2026&segment=role:it' },
  { name: 'city page', path: '/cities/gent?wave=2026&peers=largest:5' },
  { name: 'city page, one segment', path: '/cities/gent?wave=2026&segment=layer:team' },
  { name: 'compare', path: '/compare?cities=Gent,Antwerpen,Berlin&peers=largest:5&wave=2026' },
  { name: 'compare, no cities yet', path: '/compare' },
  { name: 'instrument', path: '/instrument' },
  { name: 'imports', path: '/imports' },
  { name: 'one import', path: '/imports/1' },
  { name: 'import form', path: '/imports/new' },
  { name: 'import preview', open: uploadPreview('id-accent-variant.csv', 'accepted') },
  { name: 'import refused', open: uploadPreview('hdr-qualtrics.csv', 'rejected') },
  { name: 'undo confirmation', path: '/imports/1/undo' },
  { name: 'what-if', path: '/cities/gent/what-if?wave=2026&peers=largest:5&to.sovereignty=70' },
  { name: 'comments', path: '/cities/gent/comments?wave=2026' },
  { name: 'users and tokens', path: '/admin/users' },
  { name: 'audit log', path: '/admin/audit' },
  { name: 'API reference', path: '/api-reference' },
  { name: 'account password', path: '/account/password' },
  { name: 'error page', path: '/cities/nowhere', status: 404 },
  {
    name: 'HTML report',
    // Served as a download: fetched with the session's cookies, then shown as a page.
    open: async (page, base, lang) => {
      const res = await page
        .context()
        .request.get(`${base}/reports/gap.html?city=gent&wave=2026&peers=largest:5&lang=${lang}`);
      if (res.status() !== 200) throw new Error(`HTML report: status ${res.status()}`);
      await page.setContent(await res.text(), { waitUntil: 'load' });
    },
  },
];

/** Opens `kind` in `page`; returns the HTTP status (null for pages opened by doing something). */
export async function openWalkPage(page: Page, base: string, kind: WalkPage, lang: WalkLang): Promise<number | null> {
  if (kind.open) {
    await kind.open(page, base, lang);
    return null;
  }
  const res = await page.goto(withLang(base + kind.path!, lang), { waitUntil: 'load' });
  // A lost session lands on the sign-in page with status 200: a walk over it would check the wrong page.
  if (new URL(page.url()).pathname === '/login') throw new Error(`${kind.name}: sent to the sign-in page`);
  return res?.status() ?? null;
}
