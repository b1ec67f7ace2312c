import type { ErrorRequestHandler } from 'express';
import { recordAuditLimited } from '../../db/audit-log.js';
import type { Store } from '../../db/create-db.js';
import { HttpError } from '../http-error.js';

/** Refusals kept per kind, user (or 'anonymous') and address: enough to see a probe, too few to flood the log. */
export const REFUSAL_AUDIT_LIMIT = { max: 10, windowMs: 15 * 60 * 1000 } as const;

/**
 * Failed access checks (403 from the role policy) and failed CSRF checks are
 * security events (ASVS 7.1.3): recorded, awaited, before the error page is
 * sent, at most `REFUSAL_AUDIT_LIMIT` of each kind per user and address. A
 * pending password change is not a refusal of access: not recorded.
 */
export function auditRefusals(store: Store, now: () => Date): ErrorRequestHandler {
  return async (error, req, _res, next) => {
    if (error instanceof HttpError && error.status === 403 && error.code !== 'password-change-required') {
      const event = {
        actor: req.user?.name ?? 'anonymous',
        action: error.code === 'csrf-invalid' ? 'csrf-failed' : 'access-denied',
        target: `${req.method} ${req.originalUrl}`,
        detail: { code: error.code, role: req.user?.role ?? null },
        ip: req.ip ?? null,
        at: now(),
      };
      try {
        await recordAuditLimited(store.db, event, REFUSAL_AUDIT_LIMIT);
      } catch (auditError) {
        console.error('audit log write failed:', auditError);
      }
    }
    next(error);
  };
}
