import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestAgent, type TestApp } from '../support/test-app.js';

let t: TestApp;
let admin: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.as('admin');
  viewer = await t.as('viewer');
});
afterAll(async () => {
  await t.store.close();
});

const h1 = (html: string) =>
  /<h1>([\s\S]*?)<\/h1>/
    .exec(html)![1]!
    .replace(/<[^>]+>/g, '')
    .trim();

describe('the overview', () => {
  it('says the year once in its heading, counts "1 import" in the singular, and has a key of the heat colours', async () => {
    const res = await viewer.get('/?wave=2026');
    expect(res.status).toBe(200);
    // The demo instrument's name ends in 2026: the heading used to read "… 2026 · 2026".
    expect(h1(res.text)).toBe('Eurocities-style AI Maturity Survey 2026');
    // One import holds the 2026 wave of the demo.
    expect(res.text).toMatch(/· 1 import ·/);
    const key = /<div class="heat-key" id="heat-key">([\s\S]*?)<\/div>/.exec(res.text)![1]!;
    expect(key.match(/<li>/g)).toHaveLength(5);
    expect(key).toContain('class="swatch level-1"');
    expect(key).toContain('level 1: 0–20 · Initial');
    const nl = await viewer.get('/?wave=2026&lang=nl');
    expect(/<div class="heat-key" id="heat-key">([\s\S]*?)<\/div>/.exec(nl.text)![1]).toContain(
      'niveau 1: 0–20 · Beginnend',
    );
  });
});

describe('the city page', () => {
  it('marks reverse-coded statements in the drill-down', async () => {
    const res = await viewer.get('/cities/gent?wave=2026');
    const rowOf = (code: string) => new RegExp(`<th scope="row">${code}</th>\\s*<td>(.*?)</td>`).exec(res.text)![1]!;
    // SOV03 is reverse-coded in the default instrument, SOV01 is not.
    expect(rowOf('SOV03')).toContain('(reverse-coded: agreeing lowers the score)');
    expect(rowOf('SOV01')).not.toContain('reverse-coded');
  });

  it('names the peer group in plain words, in the page language', async () => {
    const nl = await viewer.get('/cities/gent?wave=2026&peers=largest:5&lang=nl');
    expect(nl.text).toMatch(/Vergelijkingssteden \(de vijf grootste steden\):/);
    const en = await viewer.get('/cities/gent?wave=2026&peers=largest:5');
    expect(en.text).toMatch(/Peers \(the five largest cities\):/);
  });

  it('says a fully suppressed segment is suppressed, and draws no chart for it', async () => {
    // Gent has fewer than the minimum of respondents in role "it" on every dimension.
    const res = await viewer.get('/cities/gent?wave=2026&segment=role:it');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="segment-suppressed"');
    expect(res.text).toContain('Every figure of this segment is suppressed');
    for (const id of ['radar', 'gap-bars', 'trend']) expect(res.text).not.toContain(`<canvas id="${id}"`);
    // A segment with figures keeps its charts.
    const team = await viewer.get('/cities/gent?wave=2026&segment=layer:team');
    expect(team.text).not.toContain('id="segment-suppressed"');
    expect(team.text).toContain('<canvas id="gap-bars"');
  });
});

describe('imports', () => {
  it('titles one import "Import #1" and shows its time as a local date, not ISO text', async () => {
    const res = await viewer.get('/imports/1');
    expect(h1(res.text)).toMatch(/^Import #1: /);
    expect(res.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    // The demo was loaded at 2026-06-01T00:00:00Z: 1 June 2026 or 31 May in a zone west of UTC.
    expect(res.text).toMatch(/(1 Jun 2026|31 May 2026)/);
    const nl = await viewer.get('/imports/1?lang=nl');
    expect(nl.text).toMatch(/(1 jun 2026|31 mei 2026)/);
    expect(nl.text).toContain('geïmporteerd');
  });
});

describe('the users page', () => {
  it('has no Disable button on your own account, and one on every other', async () => {
    const res = await admin.get('/admin/users');
    const me = await t.store.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'test-admin')
      .executeTakeFirstOrThrow();
    const other = await t.store.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'test-viewer')
      .executeTakeFirstOrThrow();
    expect(res.text).not.toContain(`/admin/users/${me.id}/disable`);
    expect(res.text).toContain(`/admin/users/${other.id}/disable`);
    // The server refuses it anyway.
    const self = await admin.post(`/admin/users/${me.id}/disable`).type('form').send({});
    expect(self.status).toBe(400);
  });

  it('creates an API token for a user, shows it once, and the token works', async () => {
    const res = await admin
      .post('/admin/tokens?lang=nl')
      .type('form')
      .send({ user: 'test-viewer', label: 'dashboard' });
    expect(res.status).toBe(201);
    const token = /<code id="new-api-token" translate="no">([^<]+)<\/code>/.exec(res.text)![1]!;
    expect(res.text).toContain('eenmaal getoond');
    const api = await (
      await import('supertest')
    )
      .default(t.app)
      .get('/api/v1/waves')
      .set('Authorization', `Bearer ${token}`);
    expect(api.status).toBe(200);
    // Shown once: the page afterwards lists the token, never its text.
    const later = await admin.get('/admin/users');
    expect(later.text).not.toContain(token);
    expect(later.text).toMatch(/<td translate="no">test-viewer<\/td><td translate="no">dashboard<\/td>/);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', '=', 'token-create')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'token-create', actor: 'test-admin' });
  });

  it('refuses a token for an unknown user with a message, in Dutch on a Dutch page', async () => {
    const res = await admin.post('/admin/tokens?lang=nl').type('form').send({ user: 'nobody', label: 'x' });
    expect(res.status).toBe(404);
    expect(res.text).toContain('Er is geen gebruiker &#34;nobody&#34;.');
  });
});

describe('error pages', () => {
  it('speak Dutch on a Dutch page and keep the language on their links', async () => {
    const res = await viewer.get('/cities/nowhere?lang=nl');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Er is geen stad &#34;nowhere&#34;.');
    expect(res.text).toContain('href="/?lang=nl"');
    const en = await viewer.get('/cities/nowhere');
    expect(en.text).toContain('No city called');
  });
});

describe('the gaps JSON', () => {
  it('gives per dimension the respondents behind the score, the peers counted and each gap with its interval', async () => {
    const res = await viewer.get('/api/v1/cities/gent/gaps?wave=2026&peers=largest:5');
    expect(res.status).toBe(200);
    const scores = await viewer.get('/api/v1/scores?wave=2026&city=gent');
    const scoreDims = scores.body.cities[0].dimensions as { key: string; n: number | null }[];
    // The demo instrument's five dimensions, so the loop below checks something.
    expect(res.body.dimensions).toHaveLength(5);
    for (const d of res.body.dimensions) {
      // The same n as the scores API reports for that dimension.
      expect(d.n, d.key).toBe(scoreDims.find((s) => s.key === d.key)!.n);
      expect(d.peersCounted, d.key).toBe(5);
      for (const gap of ['gapToTarget', 'gapToPeers', 'gapToLeader']) {
        expect(d[`${gap}CiLow`], `${d.key} ${gap}`).toBeLessThan(d[gap]);
        expect(d[`${gap}CiHigh`], `${d.key} ${gap}`).toBeGreaterThan(d[gap]);
      }
    }
  });
});
