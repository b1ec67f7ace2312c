import type { Role } from '../../auth/role.js';

/**
 * The default-deny policy of every request, applied before any router
 * (ASVS 4.1.5: access control fails closed). A route added later is
 * protected without doing anything: it needs a signed-in viewer to read,
 * an analyst to change anything, an admin under /admin. Routes raise the
 * bar further with `requireRole`.
 */

/** Served to everyone: the login page, static assets and the health check. */
export function isPublicPath(path: string): boolean {
  return path === '/login' || path === '/health' || path.startsWith('/static/') || path.startsWith('/vendor/');
}

/** What any signed-in user may do to their own session and account, whatever their role. */
export function isSelfServicePath(path: string): boolean {
  return path === '/logout' || path === '/account/password';
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The least role a request needs by default (before route-level `requireRole`). */
export function defaultRoleFor(method: string, path: string): Role {
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  if (!SAFE_METHODS.has(method.toUpperCase()) && !isSelfServicePath(path)) return 'analyst';
  return 'viewer';
}

/** A local path to return to after login; anything else (other hosts, `//x`, `/\x`) becomes "/". */
export function safeNextPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return '/';
  if (/[\r\n]/.test(value) || value.startsWith('/login') || value.startsWith('/logout')) return '/';
  return value.slice(0, 500);
}
