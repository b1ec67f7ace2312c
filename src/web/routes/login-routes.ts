import { Router, type Request } from 'express';
import { checkPasswordStrength, verifyPassword } from '../../auth/password.js';
import { recordAudit } from '../../db/repositories/audit-log.js';
import type { Store } from '../../db/create-db.js';
import { deleteSession, deleteUserSessions } from '../../db/repositories/sessions.js';
import { findUserRowByName } from '../../db/repositories/users.js';
import { isDomainError } from '../../domain/domain-error.js';
import { changePassword } from '../../services/accounts.js';
import { signIn } from '../../services/sign-in.js';
import { safeNextPath } from '../auth/access-policy.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth/session-cookie.js';
import { pageLocals } from '../page-locals.js';

const field = (req: Request, name: string): string => {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.slice(0, 300) : '';
};
const clientIp = (req: Request): string => req.ip ?? 'unknown';

/** Sign in, sign out, change one's password. */
export function loginRoutes(store: Store, now: () => Date): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(302, safeNextPath(req.query.next));
    const locals = pageLocals(req, res);
    res.render('login', { ...locals, title: locals.t('signIn'), next: safeNextPath(req.query.next), error: null, name: '' });
  });

  router.post('/login', async (req, res) => {
    const locals = pageLocals(req, res);
    const name = field(req, 'name').trim();
    const password = field(req, 'password');
    const next = safeNextPath(field(req, 'next'));
    const fail = (status: number, error: string) =>
      res.status(status).render('login', { ...locals, title: locals.t('signIn'), next, error, name });
    const old = req.cookies?.[SESSION_COOKIE];
    const result = await signIn(store.db, { name, password, ip: clientIp(req), at: now(), ...(typeof old === 'string' && old ? { previousSession: old } : {}) });
    if (!result.ok && result.reason === 'throttled') {
      res.set('Retry-After', '900');
      return fail(429, locals.t('loginThrottled'));
    }
    if (!result.ok) return fail(401, locals.t('loginFailed'));
    setSessionCookie(req, res, result.session);
    res.redirect(303, result.mustChangePassword ? '/account/password' : next);
  });

  router.post('/logout', async (req, res) => {
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (typeof cookie === 'string' && cookie) await deleteSession(store.db, cookie);
    clearSessionCookie(req, res);
    if (req.user) await recordAudit(store.db, { actor: req.user.name, action: 'logout', ip: clientIp(req), at: now() });
    res.redirect(303, '/login');
  });

  router.get('/account/password', (req, res) => {
    const locals = pageLocals(req, res);
    res.render('account-password', { ...locals, title: locals.t('changePassword'), error: null });
  });

  router.post('/account/password', async (req, res) => {
    const locals = pageLocals(req, res);
    const user = req.user!;
    const render = (status: number, error: string) =>
      res.status(status).render('account-password', { ...locals, title: locals.t('changePassword'), error });
    const row = await findUserRowByName(store.db, user.name);
    if (!row || !(await verifyPassword(field(req, 'current'), row.password_hash))) return render(400, 'The current password is wrong.');
    const fresh = field(req, 'password');
    if (fresh !== field(req, 'repeat')) return render(400, 'The two new passwords differ.');
    if (fresh === field(req, 'current')) return render(400, 'Choose a password different from the current one.');
    try {
      checkPasswordStrength(fresh);
    } catch (error) {
      if (isDomainError(error)) return render(400, error.message);
      throw error;
    }
    await changePassword(store.db, user.id, fresh);
    // Other sessions of this user end (ASVS 3.3.3); this one continues.
    await deleteUserSessions(store.db, user.id, user.sessionIdHash);
    await recordAudit(store.db, { actor: user.name, action: 'password-change', ip: clientIp(req), at: now() });
    res.redirect(303, '/');
  });

  return router;
}
