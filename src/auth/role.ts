import { DomainError } from '../domain/domain-error.js';

/** The roles (docs/security.md), weakest first: each role can do all the weaker ones can. */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function parseRole(value: unknown): Role {
  if (!isRole(value))
    throw new DomainError('role-invalid', `Role "${String(value)}" is not one of ${ROLES.join(', ')}.`);
  return value;
}

/** True when `role` may do what `needed` may. @example roleAtLeast('admin', 'analyst') // => true */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
