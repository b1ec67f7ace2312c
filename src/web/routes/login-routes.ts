import type { Request, Router } from 'express';
import type { Store } from '../../db/create-db.js';
import { isDomainError } from '../../domain/domain-error.js';
import { changePassword } from '../../services/change-password.js';
import { signIn, signOut } from '../../services/sign-in.js';
import { safeNextPath } from '../auth/access-policy.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth/session-cookie.js';
import { errorMessageNl } from '../error-text-nl.js';
import { parseLang } from '../i18n.js';
import { langLinkOf, pageLocals } from '../page-locals.js';
import { strictRouter } from '../strict-router.js';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, 300) : '';
};
const clientIp = (req: Request): string => req.ip ?? 'unknown';
const sessionCookie = (req: Request): string | undefined => {
  const value = req.cookies?.[SESSION_COOKIE];
  return typeof value === 'string' && value ? value : undefined;
};

/** Sign in, sign out, change one's password. */
export function loginRoutes(store: Store, now: () => Date): Router {
  const router = strictRouter();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(302, safeNextPath(req.query.next));
    const locals = pageLocals(req, res);
    res.render('login', {
      ...locals,
      title: locals.t('signIn'),
      next: safeNextPath(req.query.next),
      error: null,
      name: '',
    });
  });

  router.post('/login', async (req, res) => {
    const locals = pageLocals(req, res);
    const name = field(req, 'name').slice(0, 100);
    const next = safeNextPath(field(req, 'next'));
    const fail = (status: number, error: string) =>
      res.status(status).render('login', { ...locals, title: locals.t('signIn'), next, error, name });

    const result = await signIn(store.db, {
      name,
      password: field(req, 'password'),
      ip: clientIp(req),
      oldSessionId: sessionCookie(req),
      now: now(),
    });
    if (result.kind === 'throttled') {
      res.set('Retry-After', '900');
      return fail(429, locals.t('loginThrottled'));
    }
    if (result.kind === 'expired') return fail(401, locals.t('loginExpired'));
    if (result.kind === 'failed') return fail(401, locals.t('loginFailed'));
    setSessionCookie(req, res, result.sessionId);
    // The language of the sign-in page goes on.
    res.redirect(303, langLinkOf(result.mustChangePassword ? '/account/password' : next, locals.lang));
  });

  router.post('/logout', async (req, res) => {
    await signOut(
      store.db,
      sessionCookie(req),
      req.user ? { actor: req.user.name, ip: clientIp(req) } : undefined,
      now(),
    );
    clearSessionCookie(req, res);
    res.redirect(303, langLinkOf('/login', parseLang(req.query.lang)));
  });

  router.get('/account/password', (req, res) => {
    const locals = pageLocals(req, res);
    res.render('account-password', { ...locals, title: locals.t('changePassword'), error: null });
  });

  router.post('/account/password', async (req, res) => {
    const locals = pageLocals(req, res);
    const user = req.user!;
    try {
      await changePassword(store.db, {
        userId: user.id,
        keepSessionIdHash: user.sessionIdHash,
        current: field(req, 'current'),
        fresh: field(req, 'password'),
        repeat: field(req, 'repeat'),
        ip: clientIp(req),
        now: now(),
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code === 'password-throttled') res.set('Retry-After', '900');
      return res.status(error.code === 'password-throttled' ? 429 : 400).render('account-password', {
        ...locals,
        title: locals.t('changePassword'),
        error: locals.lang === 'nl' ? errorMessageNl(error.code, error.message) : error.message,
      });
    }
    res.redirect(303, locals.langLink('/'));
  });

  return router;
}
