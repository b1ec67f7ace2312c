import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '../../src/auth/role.js';
import type { Store } from '../../src/db/create-db.js';
import { findUserRowByName } from '../../src/db/repositories/users.js';
import { insertUser } from '../../src/services/accounts.js';

/** The password of the browser test users (`browser-<role>`); test databases only. */
export const BROWSER_TEST_PASSWORD = 'browser-test-password';

/**
 * Signs `page` in as a user of `role` through the real login form (creating
 * `browser-<role>` in `store` the first time), and waits for the page after
 * login. Use in playwright tests against a server on `baseUrl` serving `store`.
 * @example await login(page, baseUrl, 'analyst', store); await page.goto(`${baseUrl}/imports`);
 */
export async function login(page: Page, baseUrl: string, role: Role, store: Store): Promise<void> {
  const name = `browser-${role}`;
  if (!(await findUserRowByName(store.db, name))) {
    await insertUser(store.db, { name, role, password: BROWSER_TEST_PASSWORD, now: new Date() });
  }
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name="name"]', name);
  await page.fill('input[name="password"]', BROWSER_TEST_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('form.auth-form button[type="submit"]'),
  ]);
}

/**
 * A new context of `browser` signed in as `role` (see `login`): every page
 * opened in it shares that session.
 * @example context = await signedInContext(browser, base, 'viewer', t.store);
 */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  role: Role,
  store: Store,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, baseUrl, role, store);
  await page.close();
  return context;
}
