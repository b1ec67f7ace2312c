import type { RequestHandler } from 'express';
import { roleAtLeast } from '../../auth/role.js';
import { useApiToken } from '../../db/repositories/api-tokens.js';
import type { Store } from '../../db/create-db.js';
import { useSession } from '../../db/repositories/sessions.js';
import { withDataVersionAhead } from '../../services/read-cache.js';
import { HttpError } from '../http-error.js';
import { parseLang } from '../i18n.js';
import { langLinkOf } from '../page-locals.js';
import { defaultRoleFor, isPublicPath, isSelfServicePath } from './access-policy.js';
import type { AuthUser } from './request-user.js';
import { clearSessionCookie, SESSION_COOKIE } from './session-cookie.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{10,200})$/;

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * Default deny: installed before every router, it lets through only the
 * public paths and requests of a signed-in user (session cookie) or an API
 * client (`Authorization: Bearer <token>`) whose role the access policy
 * allows. Anonymous page requests go to the login page, anonymous API
 * requests get 401 JSON.
 */
export function authenticate(store: Store, now: () => Date): RequestHandler {
  const check = checkAccess(store, now);
  if (store.dialect !== 'postgres') return check;
  // On PostgreSQL a page or API read asks for the data version while its caller is looked up (read-cache.ts).
  return (req, res, next) =>
    (req.method === 'GET' || req.method === 'HEAD') && !isPublicPath(req.path)
      ? withDataVersionAhead(store.db, () => check(req, res, next))
      : check(req, res, next);
}

function checkAccess(store: Store, now: () => Date): RequestHandler {
  return async (req, res, next) => {
    const path = req.path;
    const header = req.get('authorization');
    let user: AuthUser | undefined;
    if (header !== undefined) {
      // A bad token is refused even on public paths: clients learn their token is wrong.
      const match = BEARER.exec(header.trim());
      const found = match ? await useApiToken(store.db, match[1]!, now()) : undefined;
      if (!found) {
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        return next(new HttpError('token-invalid', 'The API token is unknown, revoked, or its user is disabled.'));
      }
      user = { ...found, via: 'token' };
    } else {
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (typeof cookie === 'string' && cookie !== '') {
        const session = await useSession(store.db, cookie, now());
        if (session) user = { ...session.user, via: 'session', sessionIdHash: session.idHash };
        else clearSessionCookie(req, res);
      }
    }
    if (user) {
      req.user = user;
      res.locals.user = user;
    }
    if (isPublicPath(path)) return next();
    // Survey data and account pages are not kept in shared or browser caches (ASVS 8.2.1).
    res.set('Cache-Control', 'no-store');

    if (!user) {
      if (isApi(path) || !req.accepts('html')) {
        res.set('WWW-Authenticate', 'Bearer');
        return next(
          new HttpError(
            'sign-in-required',
            'Sign in, or send "Authorization: Bearer <token>" (see "maturity token create").',
          ),
        );
      }
      const next_ = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      // The sign-in page in the language of the page asked for.
      const login = langLinkOf(`/login${next_}`, parseLang(req.query.lang));
      return res.redirect(req.method === 'GET' || req.method === 'HEAD' ? 302 : 303, login);
    }
    if (user.mustChangePassword && !isSelfServicePath(path)) {
      if (isApi(path) || !req.accepts('html')) {
        return next(
          new HttpError('password-change-required', 'Change your one-time password first, at /account/password.'),
        );
      }
      return res.redirect(303, '/account/password');
    }
    const needed = defaultRoleFor(req.method, path);
    if (!roleAtLeast(user.role, needed)) {
      return next(new HttpError('forbidden', `This needs the ${needed} role; you are signed in as ${user.role}.`));
    }
    next();
  };
}
