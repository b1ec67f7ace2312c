import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAudit } from '../../src/db/repositories/audit-log.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

/** Hostile texts as they could arrive in a CSV (city names, file names) or an instrument file. */
const CITY = '<img src=x onerror=alert(1)>Gent';
const FILE = '"><script>alert("file")</script>.csv';
const INSTRUMENT = '<script>alert("instrument")</script>Survey';
const DIMENSION = '</script><script>alert("dim")</script>';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await t.store.db.updateTable('cities').set({ name: CITY }).where('slug', '=', 'gent').execute();
  const row = await t.store.db.selectFrom('instruments').select(['id', 'definition']).executeTakeFirstOrThrow();
  const definition = JSON.parse(row.definition);
  definition.name.en = INSTRUMENT;
  definition.dimensions[0].label.en = DIMENSION;
  await t.store.db
    .updateTable('instruments')
    .set({ definition: JSON.stringify(definition) })
    .where('id', '=', row.id)
    .execute();
  await recordAudit(t.store.db, { actor: 'test-analyst', action: 'import', target: FILE, detail: { file: FILE } });
});
afterAll(async () => t.store.close());

/** No hostile markup survives as markup: no injected element, no attribute break-out. */
function expectInert(html: string): void {
  expect(html).not.toContain('<img src=x');
  expect(html).not.toMatch(/<script>alert/);
  expect(html).not.toContain('"><script>');
  // Every <script> element of the page is ours: an external file or JSON data.
  for (const tag of html.match(/<script[^>]*>/g) ?? [])
    expect(tag).toMatch(/<script (src="\/|type="application\/json")/);
}

describe('untrusted texts are rendered as text', () => {
  it('escapes a city name on the overview and the city page, in HTML and in chart JSON', async () => {
    const viewer = await t.as('viewer');
    const overview = await viewer.get('/?wave=2026');
    expect(overview.status).toBe(200);
    expectInert(overview.text);
    expect(overview.text).toContain('&lt;img src=x onerror=alert(1)&gt;Gent');

    const city = await viewer.get('/cities/gent?wave=2026');
    expect(city.status).toBe(200);
    expectInert(city.text);
    expect(city.text).toContain('\\u003cimg src=x onerror=alert(1)\\u003eGent'); // in the radar JSON
  });

  it('escapes instrument texts (name and dimension labels)', async () => {
    const viewer = await t.as('viewer');
    const overview = await viewer.get('/?wave=2026');
    expect(overview.text).toContain('&lt;script&gt;alert(&#34;instrument&#34;)&lt;/script&gt;Survey');
    const res = await viewer.get('/cities/gent?wave=2026');
    expectInert(res.text);
    expect(res.text).toContain('&lt;/script&gt;&lt;script&gt;alert(&#34;dim&#34;)&lt;/script&gt;');
    expect(res.text).not.toContain(DIMENSION);
  });

  it('escapes file names in the audit log page', async () => {
    const admin = await t.as('admin');
    const res = await admin.get('/admin/audit');
    expect(res.status).toBe(200);
    expectInert(res.text);
    expect(res.text).toContain('&#34;&gt;&lt;script&gt;alert(&#34;file&#34;)&lt;/script&gt;.csv');
  });

  it('escapes a hostile user name echoed on the login form', async () => {
    const page = await (
      await import('supertest')
    )
      .default(t.app)
      .get('/login?next=%22%3E%3Cscript%3Ealert(1)%3C/script%3E');
    expectInert(page.text);
    expect(page.text).toContain('name="next" value="/"'); // not a local path: replaced
  });
});

describe('errors never leak internals', () => {
  it('answers a generic 500 without stack trace, SQL or file paths, and logs the details', async () => {
    const broken = await makeTestApp();
    const viewer = await broken.as('viewer');
    const token = await broken.as('viewer', { via: 'token' });
    // Scores come from respondents or their aggregates: without both tables every scored page fails.
    broken.store.sqlite!.exec(
      'PRAGMA foreign_keys = OFF; DROP TABLE IF EXISTS import_aggregates; DROP TABLE respondents;',
    );
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const page = await viewer.get('/cities/gent?wave=2026');
      const api = await token.get('/api/v1/scores?wave=2026');
      for (const res of [page, api]) {
        expect(res.status).toBe(500);
        const body = res.text;
        expect(body).toContain('Something went wrong on our side');
        expect(body).not.toMatch(/respondents|aggregates|SQLITE|select|no such table/i);
        expect(body).not.toMatch(/\/work\/|node_modules|\.ts:\d+|at \w+ \(/);
      }
      expect(api.body).toEqual({ error: { code: 'internal-error', message: expect.any(String) } });
      expect(log).toHaveBeenCalled();
    } finally {
      log.mockRestore();
      await broken.store.close();
    }
  });

  it('answers a malformed body with 400 and no parser details', async () => {
    const api = await t.as('analyst', { via: 'token' });
    const res = await api.post('/logout').set('Content-Type', 'application/json').send('{"broken');
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/Unexpected|JSON\.parse|position|node_modules/);
  });

  it('sends the security headers: CSP without inline scripts, no framing by others, no sniffing', async () => {
    const res = await (await t.as('viewer')).get('/');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
