import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** One audit event: who did what, to what, when (and from where). */
export interface AuditEvent {
  /** The user name; 'anonymous' for failed logins of unknown users, 'cli:<os user>' from the CLI. */
  readonly actor: string;
  /** A stable code: login, login-failed, login-throttled, logout, import, import-undo, report-download, user-add, … */
  readonly action: string;
  readonly target?: string | null;
  /** A short JSON-able detail (file name, counts); never secrets. */
  readonly detail?: unknown;
  readonly ip?: string | null;
  readonly at?: Date;
}

export interface AuditRecord {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly detail: string | null;
  readonly ip: string | null;
}

/**
 * Appends to the audit log. Other features call this for what they change:
 * @example await recordAudit(db, { actor: req.user.name, action: 'import', target: 'import #3', detail: { file: 'x.csv' }, ip: req.ip })
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const detail = event.detail === undefined || event.detail === null ? null : typeof event.detail === 'string' ? event.detail : JSON.stringify(event.detail);
  await db
    .insertInto('audit_log')
    .values({
      at: (event.at ?? new Date()).toISOString(),
      actor: event.actor.slice(0, 200),
      action: event.action,
      target: event.target ?? null,
      detail: detail === null ? null : detail.slice(0, 2000),
      ip: event.ip ?? null,
    })
    .execute();
}

/** The newest events first, optionally only one action. */
export async function listAudit(db: Kysely<Database>, options: { limit?: number; action?: string } = {}): Promise<AuditRecord[]> {
  let q = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(options.limit ?? 200);
  if (options.action) q = q.where('action', '=', options.action);
  return (await q.execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
