import type { RequestHandler } from 'express';
import { recordAudit } from '../../db/repositories/audit-log.js';
import type { Store } from '../../db/create-db.js';

/**
 * Requests that are audited whatever route serves them: imports, undos and
 * report downloads, by method and path, once they succeeded
 * (status < 400). Routes added later under these paths are audited without
 * doing anything; a route that wants a richer entry calls `recordAudit` itself
 * and adds its path to `SELF_AUDITED`.
 */
const RULES: readonly { method: string; pattern: RegExp; action: string }[] = [
  { method: 'POST', pattern: /^\/(?:api\/v1\/)?imports\/[^/]+\/undo$/, action: 'import-undo' },
  { method: 'POST', pattern: /^\/imports\/confirm$/, action: 'import' },
  { method: 'POST', pattern: /^\/api\/v1\/imports$/, action: 'import' },
  { method: 'GET', pattern: /^\/(?:api\/v1\/)?reports\//, action: 'report-download' },
];

/** Paths whose routes write their own audit entries (none yet). */
export const SELF_AUDITED: readonly RegExp[] = [];

export function auditTrail(store: Store, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    const rule = RULES.find((r) => r.method === req.method && r.pattern.test(path));
    if (!rule || SELF_AUDITED.some((p) => p.test(path))) return next();
    res.on('finish', () => {
      // A dry run (?dryRun / dryRun=true) stores nothing: not an import.
      const dryRun = /dry-?run=(1|true)/i.test(req.originalUrl) || (req.body as Record<string, unknown> | undefined)?.dryRun === 'true';
      if (res.statusCode >= 400 || !req.user || dryRun) return;
      const fileName = (req as { file?: { originalname?: string } }).file?.originalname;
      const location = res.get('location');
      void recordAudit(store.db, {
        actor: req.user.name,
        action: rule.action,
        target: req.originalUrl.slice(0, 500),
        detail: { status: res.statusCode, ...(fileName ? { file: fileName } : {}), ...(location ? { location } : {}) },
        ip: req.ip ?? null,
        at: now(),
      }).catch((error: unknown) => console.error('audit log write failed:', error));
    });
    next();
  };
}
