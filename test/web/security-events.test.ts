import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { REFUSAL_AUDIT_LIMIT } from '../../src/web/auth/audit-refusals.js';
import { loginForm } from '../support/login-form.js';
import { memoryStore } from '../support/test-store.js';
import { makeTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

let clock = new Date('2026-06-01T08:00:00Z');
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));

let t: TestApp;
const setup = async () => (t = await makeTestApp({ store: await memoryStore(), now: () => clock }));
afterEach(async () => t.store.close());

describe('failed access and CSRF checks are audited, without flooding', () => {
  it('records a 403 with who, what and where', async () => {
    await setup();
    const viewer = await t.as('viewer');
    const res = await viewer.post('/imports/confirm').type('form').send({ token: 'x' });
    expect(res.status).toBe(403);
    const [event] = await listAudit(t.store.db, { action: 'access-denied' });
    expect(event).toMatchObject({
      actor: 'test-viewer',
      target: 'POST /imports/confirm',
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.parse(event!.detail!)).toEqual({ code: 'forbidden', role: 'viewer' });
    // An API token refused under /admin as well.
    expect((await (await t.as('analyst', { via: 'token' })).get('/admin/users')).status).toBe(403);
    expect((await listAudit(t.store.db, { action: 'access-denied' }))[0]).toMatchObject({
      actor: 'test-analyst',
      target: 'GET /admin/users',
    });
  });

  it('records a failed CSRF check, also of an anonymous login form', async () => {
    await setup();
    const analyst = await t.as('analyst');
    expect((await analyst.postWithoutCsrf('/imports/1/undo').type('form').send({})).status).toBe(403);
    expect((await listAudit(t.store.db, { action: 'csrf-failed' }))[0]).toMatchObject({
      actor: 'test-analyst',
      target: 'POST /imports/1/undo',
    });
    expect((await request(t.app).post('/login').type('form').send({ name: 'a', password: 'b' })).status).toBe(403);
    expect((await listAudit(t.store.db, { action: 'csrf-failed' }))[0]).toMatchObject({
      actor: 'anonymous',
      target: 'POST /login',
    });
  });

  it(`keeps at most ${REFUSAL_AUDIT_LIMIT.max} refusals per user, address and 15 minutes`, async () => {
    await setup();
    const viewer = await t.as('viewer');
    const refused = await Promise.all(Array.from({ length: 30 }, (_, i) => viewer.get(`/admin/users?probe=${i}`)));
    expect(refused.every((r) => r.status === 403)).toBe(true);
    expect(await listAudit(t.store.db, { action: 'access-denied' })).toHaveLength(REFUSAL_AUDIT_LIMIT.max);
    advance(16);
    expect((await viewer.get('/admin/users')).status).toBe(403);
    expect(await listAudit(t.store.db, { action: 'access-denied' })).toHaveLength(REFUSAL_AUDIT_LIMIT.max + 1);
  });
});

describe('CORS', () => {
  it("sends no CORS headers, so other sites cannot read API answers with the user's cookie", async () => {
    await setup();
    const res = await (await t.as('viewer')).get('/api/v1/waves').set('Origin', 'https://evil.example');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('wrong current passwords at /account/password', () => {
  it('are audited, and throttled after 5 in 15 minutes (even the right one then), with one throttled event', async () => {
    await setup();
    const analyst = await t.as('analyst');
    const change = (current: string) =>
      analyst
        .post('/account/password')
        .type('form')
        .send({ current, password: 'a-brand-new-password', repeat: 'a-brand-new-password' });
    for (let i = 0; i < 5; i++) {
      const res = await change(`not-the-password-${i}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('The current password is wrong.');
    }
    const blocked = await Promise.all([
      change(TEST_PASSWORD),
      ...Array.from({ length: 5 }, () => change('still-wrong-xxxxx')),
    ]);
    expect(blocked.map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 429]);
    expect(blocked[0]!.headers['retry-after']).toBe('900');
    expect(await listAudit(t.store.db, { action: 'password-change-failed' })).toHaveLength(5);
    expect(await listAudit(t.store.db, { action: 'password-change-throttled' })).toHaveLength(1);
    expect(await listAudit(t.store.db, { action: 'password-change' })).toHaveLength(0);
    advance(16);
    expect((await change(TEST_PASSWORD)).status).toBe(303);
    expect((await listAudit(t.store.db, { action: 'password-change' }))[0]).toMatchObject({ actor: 'test-analyst' });
  });
});

describe('one-time passwords expire', () => {
  const adminAdds = async (name: string) => {
    const res = await (await t.as('admin')).post('/admin/users').type('form').send({ name, role: 'viewer' });
    expect(res.status).toBe(201);
    return /id="one-time-password">([^<]+)</.exec(res.text)![1]!;
  };

  it('works for 72 hours (the default), then is refused and the admin can issue a new one', async () => {
    await setup();
    expect(loadConfig({}).oneTimePasswordMs).toBe(72 * 3600 * 1000);
    const first = await adminAdds('nora');
    advance(72 * 60 - 1);
    let form = await loginForm(t.app);
    expect((await form.post('nora', first)).status).toBe(303);
    await form.close();
    advance(2);
    form = await loginForm(t.app);
    const expired = await form.post('nora', first);
    expect(expired.status).toBe(401);
    expect(expired.text).toContain('This one-time password has expired');
    expect((await listAudit(t.store.db, { action: 'login-expired-password' }))[0]).toMatchObject({ actor: 'nora' });
    // A wrong password still gets the one generic answer (expiry is only told to whoever knows the password).
    expect((await form.post('nora', 'wrong-password-xxxx')).text).toContain('User name or password is wrong');

    const nora = await t.store.db.selectFrom('users').select('id').where('name', '=', 'nora').executeTakeFirstOrThrow();
    const again = await (await t.as('admin')).post(`/admin/users/${nora.id}/reset-password`).type('form').send({});
    const second = /id="one-time-password">([^<]+)</.exec(again.text)![1]!;
    expect(second).not.toBe(first);
    const signedIn = await form.post('nora', second);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/account/password');
    await form.close();
  });

  it('follows MATURITY_ONE_TIME_PASSWORD_HOURS and refuses nonsense there', () => {
    expect(loadConfig({ MATURITY_ONE_TIME_PASSWORD_HOURS: '24' }).oneTimePasswordMs).toBe(24 * 3600 * 1000);
    expect(() => loadConfig({ MATURITY_ONE_TIME_PASSWORD_HOURS: '0' })).toThrow(
      'MATURITY_ONE_TIME_PASSWORD_HOURS="0" is not a whole number between 1 and 8760.',
    );
  });

  it('a password the user chose does not expire', async () => {
    await setup();
    const first = await adminAdds('omar');
    const form = await loginForm(t.app);
    const res = await form.post('omar', first);
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('mr_session='))!
      .split(';')[0]!;
    await form.close();
    const page = await request(t.app).get('/account/password').set('Cookie', cookie);
    const csrf = ([] as string[])
      .concat(page.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('mr_csrf='))!
      .split(';')[0]!;
    const changed = await request(t.app)
      .post('/account/password')
      .set('Cookie', `${cookie}; ${csrf}`)
      .set('X-CSRF-Token', decodeURIComponent(csrf.split('=')[1]!))
      .type('form')
      .send({ current: first, password: 'omar-chose-this-one', repeat: 'omar-chose-this-one' });
    expect(changed.status).toBe(303);
    advance(24 * 60 * 365);
    const later = await loginForm(t.app);
    expect((await later.post('omar', 'omar-chose-this-one')).status).toBe(303);
    await later.close();
  });
});
