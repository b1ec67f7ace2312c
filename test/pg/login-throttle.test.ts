import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { createPostgresStore } from '../../src/db/create-postgres.js';
import { countAttempt } from '../../src/db/repositories/login-attempts.js';
import { insertUser } from '../../src/services/accounts.js';
import { loginForm, type LoginForm } from '../support/login-form.js';
import { pgAvailable, pgDatabase } from '../support/pg.js';
import { makeTestApp } from '../support/test-app.js';

/**
 * Login throttling with two app processes on one PostgreSQL database (two
 * apps, each its own Store and pool): parallel guesses spread over both are
 * counted one after the other, so no more than the limit are checked.
 */
describe.skipIf(!pgAvailable)('login throttling across two app instances on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof pgDatabase>>;
  const stores: Store[] = [];
  const forms: LoginForm[] = [];
  const now = new Date('2026-06-01T08:00:00Z');
  const PASSWORD = 'a-long-enough-secret';

  beforeAll(async () => {
    database = await pgDatabase('empty');
    for (let i = 0; i < 2; i++) {
      const store = await createPostgresStore(database.url, { poolMax: 4 });
      stores.push(store);
      forms.push(await loginForm((await makeTestApp({ store, now: () => now })).app));
    }
    for (const name of ['nora', 'omar'])
      await insertUser(stores[0]!.db, { name, role: 'viewer', password: PASSWORD, now });
  });
  afterAll(async () => {
    await Promise.all(forms.map((f) => f.close()));
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
  });

  it('counts 40 parallel attempts from both stores one after the other: exactly 5 pass', async () => {
    const limits = [{ key: 'name|lena|10.0.0.9', max: 5 }];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => countAttempt(stores[i % 2]!.db, limits, now)),
    );
    expect(results.filter((r) => r === null)).toHaveLength(5);
  });

  it('checks at most 5 of 40 parallel wrong passwords sent to both instances; the rest get 429', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => forms[i % 2]!.post('nora', `wrong-guess-${i}-xxxx`)),
    );
    expect(responses.filter((r) => r.status === 401)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(35);
  });

  it('lets at most 5 of 60 parallel attempts (the right password last) be checked at all', async () => {
    const passwords = [...Array.from({ length: 59 }, (_, i) => `wrong-guess-${i}-xxxx`), PASSWORD];
    const responses = await Promise.all(passwords.map((p, i) => forms[i % 2]!.post('omar', p)));
    expect(responses.filter((r) => r.status === 401 || r.status === 303)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(55);
    const throttled = await stores[1]!.db
      .selectFrom('audit_log')
      .select('target')
      .where('action', '=', 'login-throttled')
      .where('target', '=', 'omar')
      .execute();
    expect(throttled).toHaveLength(1);
  });
});
