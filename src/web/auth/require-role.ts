import type { RequestHandler } from 'express';
import { roleAtLeast, type Role } from '../../auth/role.js';
import { HttpError } from '../http-error.js';

/** A role check that says which role it needs (the route × role test reads `requiredRole`). */
export type RoleGuard = RequestHandler & { readonly requiredRole: Role };

/**
 * Refuses (403) a signed-in user whose role is weaker than `role`.
 * @example router.post('/imports', requireRole('analyst'), upload, handler)
 */
export function requireRole(role: Role): RoleGuard {
  const guard: RequestHandler = (req, _res, next) => {
    const user = req.user;
    if (!user) return next(new HttpError('sign-in-required', 'Sign in first.'));
    if (!roleAtLeast(user.role, role)) {
      return next(new HttpError('forbidden', `This needs the ${role} role; you are signed in as ${user.role}.`));
    }
    next();
  };
  return Object.assign(guard, { requiredRole: role });
}
