import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { createApp } from '../../src/web/create-app.js';
import { memoryStore } from '../support/test-store.js';
import { makeTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

/** A clock the test moves by hand. */
let clock = new Date('2026-06-01T08:00:00Z');
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ store: await memoryStore(), now: () => clock });
  await t.as('viewer'); // creates test-viewer
  await t.as('analyst');
});
afterAll(async () => t.store.close());

const cookieOf = (res: request.Response, name: string): string | undefined =>
  ([] as string[]).concat(res.headers['set-cookie'] ?? []).findLast((c) => c.startsWith(`${name}=`)); // the last one wins in a browser
const value = (cookie: string | undefined) => cookie?.split(';')[0]!.split('=')[1] ?? '';

/** GET /login, then POST the form with its CSRF field, like a browser. */
async function login(name: string, password: string, extraCookie = '') {
  const page = await request(t.app).get('/login').set('Cookie', extraCookie);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const cookies = [
    extraCookie,
    `mr_pre=${value(cookieOf(page, 'mr_pre'))}`,
    `mr_csrf=${value(cookieOf(page, 'mr_csrf'))}`,
  ]
    .filter(Boolean)
    .join('; ');
  return request(t.app)
    .post('/login')
    .set('Cookie', cookies)
    .type('form')
    .send({ _csrf: token, name, password, next: '/cities/gent' });
}

describe('login and sessions', () => {
  it('signs in with a new session id in an HttpOnly, SameSite=Lax cookie (no Secure over plain HTTP)', async () => {
    const res = await login('test-viewer', TEST_PASSWORD, 'mr_session=mrs_planted-by-an-attacker');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cities/gent');
    const cookie = cookieOf(res, 'mr_session')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(value(cookie)).toMatch(/^mrs_[A-Za-z0-9_-]{43}$/);
    expect(value(cookie)).not.toBe('mrs_planted-by-an-attacker');
    // The database keeps only a hash of the id.
    const rows = await t.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).not.toContain(value(cookie));
    expect((await listAudit(t.store.db, { action: 'login' }))[0]).toMatchObject({
      actor: 'test-viewer',
      action: 'login',
    });
  });

  it('marks the cookie Secure behind a trusted HTTPS proxy', async () => {
    const config = { ...loadConfig({ MATURITY_DB: ':memory:' }), trustProxy: 1 };
    const app = createApp({ store: t.store, config, now: () => clock });
    const page = await request(app).get('/login').set('X-Forwarded-Proto', 'https');
    expect(cookieOf(page, 'mr_csrf')).toMatch(/Secure/);
  });

  it('refuses a wrong password with 401 and records it', async () => {
    const res = await login('test-analyst', 'wrong-password-x');
    expect(res.status).toBe(401);
    expect(cookieOf(res, 'mr_session')).toBeUndefined();
    expect(res.text).toContain('User name or password is wrong');
    expect((await listAudit(t.store.db, { action: 'login-failed' }))[0]).toMatchObject({
      actor: 'test-analyst',
      target: 'test-analyst',
    });
  });

  it('answers 429 after 5 failures for one account and address in 15 minutes, even with the right password', async () => {
    for (let i = 0; i < 4; i++) expect((await login('test-viewer', `wrong-${i}-xxxxxxxx`)).status).toBe(401);
    // 1 failure of test-analyst above is another account: test-viewer has 4.
    expect((await login('test-viewer', 'wrong-5-xxxxxxxx')).status).toBe(401);
    const blocked = await login('test-viewer', TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('900');
    expect(cookieOf(blocked, 'mr_session')).toBeUndefined();
    expect((await listAudit(t.store.db, { action: 'login-throttled' })).length).toBe(1);
    advance(16);
    expect((await login('test-viewer', TEST_PASSWORD)).status).toBe(303);
  });

  it('ends a session after 30 minutes without use', async () => {
    const agent = await t.as('viewer');
    advance(29);
    expect((await agent.get('/api/v1/waves')).status).toBe(200);
    advance(29); // 29 min after the last use: still alive
    expect((await agent.get('/api/v1/waves')).status).toBe(200);
    advance(31);
    const res = await agent.get('/').set('Accept', 'text/html');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login?next=%2F');
    expect(cookieOf(res, 'mr_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  it('ends a session 12 hours after login, however busy', async () => {
    const agent = await t.as('viewer');
    for (let h = 0; h < 12 * 3 - 1; h++) {
      advance(20);
      expect((await agent.get('/api/v1/waves')).status, `after ${(h + 1) * 20} min`).toBe(200);
    }
    advance(21); // 12 h 1 min
    expect((await agent.get('/api/v1/waves')).status).toBe(401);
  });

  it('logs out: the session is gone from the database and the cookie is cleared', async () => {
    const agent = await t.as('analyst');
    const before = await t.store.db.selectFrom('sessions').select('id_hash').execute();
    const res = await agent.post('/logout');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
    expect(cookieOf(res, 'mr_session')).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await t.store.db.selectFrom('sessions').select('id_hash').execute()).length).toBe(before.length - 1);
    expect((await agent.get('/api/v1/waves')).status).toBe(401);
    expect((await listAudit(t.store.db, { action: 'logout' }))[0]?.actor).toBe('test-analyst');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing form without a token, or with the token of another session', async () => {
    const a = await t.as('analyst');
    const b = await t.as('analyst');
    const none = await a.postWithoutCsrf('/logout');
    expect(none.status).toBe(403);
    expect(none.text).toContain('The form expired or did not come from this site');
    const foreign = await a.postWithoutCsrf('/logout').type('form').send({ _csrf: b.csrfToken });
    expect(foreign.status).toBe(403);
    expect((await a.get('/api/v1/waves')).status).toBe(200); // still signed in
    const ok = await a.postWithoutCsrf('/logout').type('form').send({ _csrf: a.csrfToken });
    expect(ok.status).toBe(303);
  });

  it('accepts a multipart upload (parsed later by its route) with the token in the header or ?_csrf=, or from this very origin', async () => {
    const a = await t.as('analyst');
    const multipart = (url: string) => a.postWithoutCsrf(url).set('Host', 'radar.example').field('note', 'x');
    expect((await multipart('/logout').set('Origin', 'https://evil.example')).status).toBe(403);
    expect((await multipart('/logout')).status).toBe(403); // no Origin, no token
    expect((await multipart(`/logout?_csrf=${encodeURIComponent((await t.as('analyst')).csrfToken)}`)).status).toBe(
      403,
    ); // another session's token
    expect((await multipart(`/logout?_csrf=${encodeURIComponent(a.csrfToken)}`)).status).toBe(303);
    const b = await t.as('analyst');
    expect(
      (
        await b
          .postWithoutCsrf('/logout')
          .set('Host', 'radar.example')
          .set('Origin', 'http://radar.example')
          .field('note', 'x')
      ).status,
    ).toBe(303);
  });

  it('protects the login form too', async () => {
    const res = await request(t.app).post('/login').type('form').send({ name: 'test-viewer', password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('mr_session=mrs_');
  });

  it('exempts bearer-token requests (a browser never adds that header by itself)', async () => {
    const api = await t.as('analyst', { via: 'token' });
    expect((await api.post('/logout')).status).toBe(303);
  });
});

describe('API tokens', () => {
  it('are stored hashed, accepted on pages and API, refused once revoked or when the user is disabled', async () => {
    const viewer = await t.as('viewer', { via: 'token' });
    const stored = await t.store.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(viewer.token);
    expect((await viewer.get('/')).status).toBe(200);
    expect((await viewer.get('/api/v1/cities')).status).toBe(200);

    const admin = await t.as('admin');
    const id = (await t.store.db.selectFrom('api_tokens').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow())
      .id;
    expect((await admin.post(`/admin/tokens/${id}/revoke`)).status).toBe(303);
    const refused = await viewer.get('/api/v1/cities');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token-invalid');
    expect((await listAudit(t.store.db, { action: 'token-revoke' }))[0]?.target).toContain('test-viewer');

    const analyst = await t.as('analyst', { via: 'token' });
    const analystId = (
      await t.store.db.selectFrom('users').select('id').where('name', '=', 'test-analyst').executeTakeFirstOrThrow()
    ).id;
    expect((await admin.post(`/admin/users/${analystId}/disable`)).status).toBe(303);
    expect((await analyst.get('/api/v1/cities')).status).toBe(401);
    expect((await admin.post(`/admin/users/${analystId}/enable`)).status).toBe(303);
  });

  it('refuses a made-up or malformed token', async () => {
    expect(
      (await request(t.app).get('/api/v1/waves').set('Authorization', 'Bearer mrt_not-a-real-token-aaaaaaaaa')).status,
    ).toBe(401);
    expect((await request(t.app).get('/').set('Authorization', 'Basic dXNlcjpwYXNz')).status).toBe(401);
  });
});

describe('users page and first sign-in', () => {
  it('lets an admin add a user with a one-time password that must be changed at first sign-in', async () => {
    const admin = await t.as('admin');
    const added = await admin.post('/admin/users').type('form').send({ name: 'Nora', role: 'analyst' });
    expect(added.status).toBe(201);
    const password = /id="one-time-password">([^<]+)</.exec(added.text)![1]!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const signIn = await login('nora', password);
    expect(signIn.headers.location).toBe('/account/password');
    const session = `mr_session=${value(cookieOf(signIn, 'mr_session'))}`;
    // Until the password is changed, nothing else is served.
    expect((await request(t.app).get('/').set('Cookie', session).set('Accept', 'text/html')).headers.location).toBe(
      '/account/password',
    );
    expect((await request(t.app).get('/api/v1/waves').set('Cookie', session)).status).toBe(403);
    const form = await request(t.app).get('/account/password').set('Cookie', session);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    const cookies = `${session}; mr_csrf=${value(cookieOf(form, 'mr_csrf'))}`;
    const weak = await request(t.app)
      .post('/account/password')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: csrf, current: password, password: 'short', repeat: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('at least 12 characters');
    const changed = await request(t.app)
      .post('/account/password')
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: csrf, current: password, password: 'nora-chose-this-one', repeat: 'nora-chose-this-one' });
    expect(changed.status).toBe(303);
    expect((await request(t.app).get('/api/v1/waves').set('Cookie', session)).status).toBe(200);
    const audit = await admin.get('/admin/audit');
    expect(audit.text).toContain('password-change');
    expect(audit.text).toContain('user-add');
  });
});

describe('password change', () => {
  it('asks the current password and ends the other sessions of the user, keeping this one', async () => {
    const here = await t.as('admin');
    const elsewhere = await t.as('admin');
    const wrong = await here
      .post('/account/password')
      .type('form')
      .send({ current: 'not-the-password', password: 'a-brand-new-password', repeat: 'a-brand-new-password' });
    expect(wrong.status).toBe(400);
    expect((await elsewhere.get('/api/v1/waves')).status).toBe(200);
    const ok = await here
      .post('/account/password')
      .type('form')
      .send({ current: TEST_PASSWORD, password: 'a-brand-new-password', repeat: 'a-brand-new-password' });
    expect(ok.status).toBe(303);
    expect((await here.get('/api/v1/waves')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/waves')).status).toBe(401);
  });
});

describe('signing in in Dutch', () => {
  /** GET the sign-in page at `path`, then POST its own form (action and CSRF field) as a browser does. */
  async function signInThrough(path: string, password: string) {
    const page = await request(t.app).get(path);
    const action = /<form method="post" action="([^"]+)" class="auth-form">/
      .exec(page.text)![1]!
      .replaceAll('&amp;', '&');
    const next = /name="next" value="([^"]*)"/.exec(page.text)![1]!.replaceAll('&amp;', '&');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const cookies = `mr_pre=${value(cookieOf(page, 'mr_pre'))}; mr_csrf=${value(cookieOf(page, 'mr_csrf'))}`;
    const res = await request(t.app)
      .post(action)
      .set('Cookie', cookies)
      .type('form')
      .send({ _csrf: token, name: 'test-viewer', password, next });
    return { page, action, res };
  }

  it('keeps the language from the page asked for, through a failed and a good sign-in', async () => {
    const asked = await request(t.app).get('/cities/gent?lang=nl').redirects(0);
    expect(asked.status).toBe(302);
    expect(asked.headers.location).toBe(`/login?next=${encodeURIComponent('/cities/gent?lang=nl')}&lang=nl`);

    const failed = await signInThrough(asked.headers.location as string, 'wrong password');
    expect(failed.page.text).toContain('Aanmelden');
    expect(failed.action).toBe('/login?lang=nl');
    expect(failed.res.status).toBe(401);
    expect(failed.res.text).toContain('Gebruikersnaam of wachtwoord is fout');

    const good = await signInThrough('/login?lang=nl&next=/cities/gent', TEST_PASSWORD);
    expect(good.res.status).toBe(303);
    expect(good.res.headers.location).toBe('/cities/gent?lang=nl');
    const kept = await signInThrough(asked.headers.location as string, TEST_PASSWORD);
    expect(kept.res.headers.location).toBe('/cities/gent?lang=nl');
  });

  it('offers sign-out in the same language', async () => {
    const { res } = await signInThrough('/login?lang=nl', TEST_PASSWORD);
    const session = `mr_session=${value(cookieOf(res, 'mr_session'))}`;
    const page = await request(t.app).get('/?lang=nl').set('Cookie', session);
    expect(page.text).toContain('action="/logout?lang=nl"');
  });
});
