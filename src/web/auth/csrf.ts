import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { HttpError } from '../http-error.js';

export const CSRF_COOKIE = 'mr_csrf';
/** Identifies a visitor before login, so the login form's CSRF token is bound to something (login CSRF). */
export const PRE_SESSION_COOKIE = 'mr_pre';

/** Where a form sends its token: `_csrf` field, `X-CSRF-Token` header, or (multipart uploads, parsed later) `?_csrf=`. */
function tokenFromRequest(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body._csrf === 'string') return body._csrf;
  const header = req.get('x-csrf-token');
  if (header) return header;
  if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
  return undefined;
}

/**
 * A multipart upload is parsed by its route (multer), after this check, so
 * its `_csrf` field cannot be read here. Without a token in the header or the
 * query, it is accepted only when the browser says it comes from this very
 * site (`Origin` host = `Host`; browsers always send Origin on POST and pages
 * cannot forge it), on top of the SameSite=Lax session cookie. Under our
 * `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts,
 * so upload forms carry `?_csrf=` (views/import-upload.ejs).
 */
function sameOriginUpload(req: Request): boolean {
  if (!req.is('multipart/form-data') || tokenFromRequest(req) !== undefined) return false;
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

/**
 * Double-submit CSRF protection (csrf-csrf 4) on every state-changing
 * request with a session or none; bearer-token requests are exempt (a
 * browser never adds that header by itself). The token is an HMAC of the
 * session (or pre-session) identifier, so a token from one session fails in
 * another. Sets `res.locals.csrfToken` for the forms (views/partials/csrf.ejs).
 */
export function csrfProtection(secret: string = randomBytes(32).toString('hex')): RequestHandler {
  const identifier = (req: Request): string =>
    req.user?.sessionIdHash ?? (req.cookies?.[PRE_SESSION_COOKIE] as string | undefined) ?? '';
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: identifier,
    // No __Host- prefix: it needs Secure, and the app must also work over plain HTTP.
    cookieName: CSRF_COOKIE,
    cookieOptions: { sameSite: 'lax', secure: false, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: tokenFromRequest,
    skipCsrfProtection: (req) => req.user?.via === 'token' || sameOriginUpload(req),
  });
  return (req, res, next) => {
    if (req.user?.via === 'token' || req.path.startsWith('/static/') || req.path.startsWith('/vendor/')) return next();
    if (!req.user && !req.cookies?.[PRE_SESSION_COOKIE]) {
      const pre = randomBytes(18).toString('base64url');
      req.cookies[PRE_SESSION_COOKIE] = pre;
      res.cookie(PRE_SESSION_COOKIE, pre, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
    }
    doubleCsrfProtection(req, res, (error?: unknown) => {
      if (error)
        return next(
          new HttpError(
            'csrf-invalid',
            'The form expired or did not come from this site: reload the page and try again.',
          ),
        );
      res.locals.csrfToken = generateCsrfToken(req, res, { cookieOptions: { secure: req.secure } });
      next();
    });
  };
}
