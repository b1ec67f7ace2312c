import type { Request, Response } from 'express';
import { formatDecimal } from '../domain/figure-labels.js';
import type { ImportIssue } from '../import/import-issue.js';
import { parseLang, translate, type Lang, type LabelKey } from './i18n.js';
import { formatDate } from './presenters/format-date.js';
import { issueMessage } from './presenters/import-issue-text.js';

export interface PageLocals {
  readonly lang: Lang;
  readonly t: (key: LabelKey, params?: Record<string, string | number>) => string;
  /** A number for display: one decimal; "—" for none. */
  readonly num: (value: number | null | undefined, digits?: number) => string;
  /** The current URL with some query parameters changed (state lives in the URL). */
  readonly withQuery: (changes: Record<string, string | number | undefined>) => string;
  /** A link to another page that keeps the view state (wave, peers, segment, lang, instrument) plus `changes`. */
  readonly stateLink: (path: string, changes?: Record<string, string | number | undefined>) => string;
  /** A stored time (ISO text or Date) as a local date and time in the page's language; "—" for none. */
  readonly date: (value: string | Date | null | undefined) => string;
  /** An import issue's message in the page's language. */
  readonly issueText: (issue: ImportIssue) => string;
  /** `path` with `?lang=nl` on Dutch pages: links that start a new view state keep the language. */
  readonly langLink: (path: string) => string;
  /** A role (`viewer`, `analyst`, `admin`: stored ids) in the page's language. */
  readonly roleName: (role: string) => string;
}

const ROLE_LABELS: Readonly<Record<string, LabelKey>> = {
  viewer: 'roleViewer',
  analyst: 'roleAnalyst',
  admin: 'roleAdmin',
};

/** `path` with `lang=nl` added on Dutch pages (also for redirects, which have no page locals); a path that names its own language keeps it. */
export function langLinkOf(path: string, lang: Lang): string {
  if (lang !== 'nl' || /[?&]lang=/.test(path)) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=nl`;
}

/** Query parameters that carry the view state from page to page. */
const STATE_PARAMS = ['wave', 'instrument', 'peers', 'segment', 'lang'];

/**
 * What every template needs: language, labels, number format, URL helper.
 * Links carry the language as parsed (`en`/`nl`), never as typed: a page part
 * cached for one visitor (the overview's heat table) must not pass another
 * visitor's raw `lang` on to everyone.
 */
export function pageLocals(req: Request, _res: Response): PageLocals {
  const lang = parseLang(req.query.lang);
  const stateValue = (k: string, v: string) => (k === 'lang' ? lang : v);
  return {
    lang,
    t: (key, params) => translate(lang, key, params),
    num: (value, digits = 1) => formatDecimal(lang, value, digits),
    date: (value) => formatDate(lang, value),
    issueText: (issue) => issueMessage(issue, lang),
    roleName: (role) => (ROLE_LABELS[role] ? translate(lang, ROLE_LABELS[role], {}) : role),
    langLink: (path) => langLinkOf(path, lang),
    withQuery: (changes) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') params.set(k, stateValue(k, v));
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === '') params.delete(k);
        else params.set(k, String(v));
      }
      const q = params.toString();
      return `${req.baseUrl}${req.path}${q ? `?${q}` : ''}`;
    },
    stateLink: (path, changes = {}) => {
      const params = new URLSearchParams();
      for (const k of STATE_PARAMS) {
        const v = req.query[k];
        if (typeof v === 'string' && v !== '') params.set(k, stateValue(k, v));
      }
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === '') params.delete(k);
        else params.set(k, String(v));
      }
      const q = params.toString();
      return `${path}${q ? `?${q}` : ''}`;
    },
  };
}
