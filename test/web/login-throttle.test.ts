import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { insertUser } from '../../src/services/accounts.js';
import { loginForm, type LoginForm } from '../support/login-form.js';
import { memoryStore } from '../support/test-store.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let clock = new Date('2026-06-01T08:00:00Z');
const advance = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
const PASSWORD = 'a-long-enough-secret';

let t: TestApp;
let form: LoginForm;
async function setup(names: string[] = ['nora']) {
  t = await makeTestApp({ store: await memoryStore(), now: () => clock });
  for (const name of names) await insertUser(t.store.db, { name, role: 'viewer', password: PASSWORD, now: clock });
  form = await loginForm(t.app);
}
afterEach(async () => {
  await form.close();
  await t.store.close();
});

const statuses = (responses: { status: number }[]) =>
  responses.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});

describe('login throttling under parallel requests', () => {
  it('checks at most 5 of 30 parallel wrong passwords for one account; the other 25 get 429', async () => {
    await setup();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => form.post('nora', `wrong-guess-${i}-xxxx`)),
    );
    expect(statuses(responses)).toEqual({ 401: 5, 429: 25 });
    expect(await listAudit(t.store.db, { action: 'login-failed' })).toHaveLength(5);
  });

  it('lets no guess through in a batch of 60 with the right password last: at most 5 are checked at all', async () => {
    await setup();
    const guesses = Array.from({ length: 59 }, (_, i) => `wrong-guess-${i}-xxxx`);
    const responses = await Promise.all([...guesses, PASSWORD].map((p) => form.post('nora', p)));
    const checked = responses.filter((r) => r.status === 401 || r.status === 303);
    expect(checked).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(55);
    // A session exists only if the right password happened to be among the 5 checked.
    const sessions = await t.store.db.selectFrom('sessions').select('id_hash').execute();
    expect(sessions).toHaveLength(responses.filter((r) => r.status === 303).length);
  });

  it('writes one login-throttled event per account and window, whatever the flood, with the name cleaned and cut', async () => {
    await setup();
    const typed = `nora\r\n[admin] logged in\u0000${'x'.repeat(290)}`;
    for (let i = 0; i < 5; i++) expect((await form.post(typed, `wrong-${i}-xxxxxxxx`)).status).toBe(401);
    const flood = await Promise.all(Array.from({ length: 20 }, () => form.post(typed, 'wrong-again-xxxxxx')));
    expect(statuses(flood)).toEqual({ 429: 20 });
    const throttled = await listAudit(t.store.db, { action: 'login-throttled' });
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.target).toBe(`nora[admin] logged in${'x'.repeat(43)}`);
    expect(throttled[0]!.target).toHaveLength(64);
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    for (const e of await listAudit(t.store.db)) expect(e.target ?? '').not.toMatch(/[\u0000-\u001f]/);
    // Refused attempts are not kept beyond the limit: the table cannot be flooded either.
    const attempts = await t.store.db.selectFrom('login_attempts').select('attempt_key').execute();
    expect(attempts.filter((a) => a.attempt_key.startsWith('name|'))).toHaveLength(6);
    // The next window gets its own event.
    advance(16);
    for (let i = 0; i < 6; i++) await form.post(typed, `wrong-${i}-yyyyyyyy`);
    expect(await listAudit(t.store.db, { action: 'login-throttled' })).toHaveLength(2);
  });
});

describe('one normal form for user names (NFKC + case fold)', () => {
  it('throttles NFD "jose\\u0301" and "JOSÉ" once NFC "josé" is throttled', async () => {
    await setup(['josé']);
    for (let i = 0; i < 5; i++) expect((await form.post('josé', `wrong-${i}-xxxxxxxx`)).status).toBe(401);
    expect((await form.post('jose\u0301', PASSWORD)).status).toBe(429);
    expect((await form.post('JOSÉ', PASSWORD)).status).toBe(429);
    expect((await form.post('ｊｏｓé', PASSWORD)).status).toBe(429);
  });

  it('finds the user by any spelling with the same normal form', async () => {
    await setup(['josé']);
    expect((await form.post('JOSE\u0301', PASSWORD)).status).toBe(303);
    expect((await form.post('ｊｏｓé', PASSWORD)).status).toBe(303);
  });

  it('refuses to create fullwidth "ａｄｍｉｎ" or "ADMIN" next to "admin", on the admin page too', async () => {
    await setup(['admin']);
    await expect(
      insertUser(t.store.db, { name: 'ａｄｍｉｎ', role: 'admin', password: PASSWORD, now: clock }),
    ).rejects.toThrow('A user called "admin" exists already.');
    await expect(
      insertUser(t.store.db, { name: 'ADMIN', role: 'admin', password: PASSWORD, now: clock }),
    ).rejects.toThrow('exists already');
    const admin = await t.as('admin');
    const res = await admin.post('/admin/users').type('form').send({ name: 'ａｄｍｉｎ', role: 'admin' });
    expect(res.status).toBe(400);
    const names = (await t.store.db.selectFrom('users').select('name').execute()).map((r) => r.name);
    expect(names.filter((n) => n === 'admin')).toHaveLength(1);
    expect(names).not.toContain('ａｄｍｉｎ');
  });
});
