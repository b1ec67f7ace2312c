import type { Express } from 'express';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/auth/role.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createApiToken } from '../../src/db/repositories/api-tokens.js';
import type { Store } from '../../src/db/create-db.js';
import { createSession } from '../../src/db/repositories/sessions.js';
import { findUserRowByName } from '../../src/db/repositories/users.js';
import { insertUser } from '../../src/services/accounts.js';
import { CSRF_COOKIE } from '../../src/web/auth/csrf.js';
import { SESSION_COOKIE } from '../../src/web/auth/session-cookie.js';
import type { HeavyPool } from '../../src/offload/heavy-pool.js';
import { createApp } from '../../src/web/create-app.js';
import { demoStore } from './test-store.js';

export type { Role };

export interface TestApp {
  readonly store: Store;
  readonly app: Express;
  /**
   * A supertest agent signed in as a real user of `role` (default analyst):
   * a user `test-<role>` is created once, then each call starts a new
   * session (or, with `{ via: 'token' }`, issues an API token).
   */
  as(role?: Role, options?: { via?: 'session' | 'token' }): Promise<TestAgent>;
}

export interface TestAgent {
  /** The signed-in user's name (`test-<role>`). */
  readonly userName: string;
  /** The session cookie header value (`mr_session=…; mr_csrf=…`), empty for tokens. */
  readonly cookie: string;
  /** The API token (token agents only). */
  readonly token?: string;
  /** A valid CSRF token of this session (empty for token agents, which need none). */
  readonly csrfToken: string;
  get(url: string): request.Test;
  /**
   * A POST carrying the credentials and, for sessions, the CSRF token in
   * the X-CSRF-Token header: forms and uploads work as from the browser.
   * Add `.send({ _csrf: agent.csrfToken, … })` to test the form field instead.
   */
  post(url: string): request.Test;
  /** A POST with the session but no CSRF token (to test refusals). */
  postWithoutCsrf(url: string): request.Test;
  /** The CSRF token (kept for callers that ask for it explicitly). */
  csrf(): Promise<string>;
}

const cookieValue = (setCookie: string[] | string | undefined, name: string): string | undefined => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of list) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return decodeURIComponent(m[1]!);
  }
  return undefined;
};

/** The password of every test user (the tests never sign in with it except in login tests). */
export const TEST_PASSWORD = 'test-password-123';

/** The real app on a real (in-memory) database, with the demo data unless another store is given. */
export async function makeTestApp(
  options: { store?: Store; now?: () => Date; config?: Partial<Config>; heavy?: HeavyPool } = {},
): Promise<TestApp> {
  const store = options.store ?? (await demoStore());
  const config = { ...loadConfig({ MATURITY_DB: ':memory:' }), ...options.config };
  const now = options.now ?? (() => new Date());
  const app = createApp({
    store,
    config,
    now,
    csrfSecret: randomBytes(32).toString('hex'),
    ...(options.heavy ? { heavy: options.heavy } : {}),
  });

  const ensureUser = async (role: Role) => {
    const name = `test-${role}`;
    const row = await findUserRowByName(store.db, name);
    if (row) return Number(row.id);
    return (await insertUser(store.db, { name, role, password: TEST_PASSWORD, now: now() })).id;
  };

  return {
    store,
    app,
    async as(role = 'analyst', { via = 'session' } = {}) {
      const userId = await ensureUser(role);
      const userName = `test-${role}`;
      if (via === 'token') {
        const { token } = await createApiToken(store.db, { userId, label: 'test', now: now() });
        const auth = `Bearer ${token}`;
        return {
          userName,
          cookie: '',
          token,
          csrfToken: '',
          get: (url) => request(app).get(url).set('Authorization', auth),
          post: (url) => request(app).post(url).set('Authorization', auth),
          postWithoutCsrf: (url) => request(app).post(url).set('Authorization', auth),
          csrf: async () => '',
        };
      }
      const session = await createSession(store.db, userId, now());
      const sessionCookie = `${SESSION_COOKIE}=${session}`;
      // Any page renders a CSRF token into its cookie; /account/password is open to every role.
      const page = await request(app).get('/account/password').set('Cookie', sessionCookie);
      const csrfToken = cookieValue(page.headers['set-cookie'], CSRF_COOKIE);
      if (!csrfToken) throw new Error(`as(${role}): no CSRF cookie (status ${page.status})`);
      const cookie = `${sessionCookie}; ${CSRF_COOKIE}=${encodeURIComponent(csrfToken)}`;
      return {
        userName,
        cookie,
        csrfToken,
        get: (url) => request(app).get(url).set('Cookie', cookie),
        post: (url) => request(app).post(url).set('Cookie', cookie).set('X-CSRF-Token', csrfToken),
        postWithoutCsrf: (url) => request(app).post(url).set('Cookie', cookie),
        csrf: async () => csrfToken,
      };
    },
  };
}
