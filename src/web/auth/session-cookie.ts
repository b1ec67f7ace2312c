import type { CookieOptions, Request, Response } from 'express';
import { SESSION_ABSOLUTE_MS } from '../../db/repositories/sessions.js';

export const SESSION_COOKIE = 'mr_session';

/** HttpOnly, SameSite=Lax, Secure whenever the request came over HTTPS (directly or via a trusted proxy). */
export function sessionCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: SESSION_ABSOLUTE_MS };
}

export function setSessionCookie(req: Request, res: Response, id: string): void {
  res.cookie(SESSION_COOKIE, id, sessionCookieOptions(req));
}

export function clearSessionCookie(req: Request, res: Response): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(req);
  res.clearCookie(SESSION_COOKIE, options);
}
