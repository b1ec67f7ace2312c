import type { Kysely } from 'kysely';
import { cleanForLog } from '../../domain/user-name.js';
import type { Database } from '../schema.js';
import { lockedTransaction } from '../write-lock.js';

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

/** Who acts, and from where: what every audited action is given by its caller. */
export interface AuditActor {
  /** The user name; 'system' at first start; 'cli:<os user>' from the CLI. */
  readonly actor: string;
  readonly ip?: string | null;
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
 * Appends to the audit log (returns the event's id). Every action that changes something calls it
 * itself, awaited, with its own transaction as `db` where it has one (the
 * event and the change are stored together or not at all). Text is stored
 * without control characters and cut (names typed by anyone end up here).
 * @example await recordAudit(trx, { actor: 'ana', action: 'import', target: 'import #3', detail: { file: 'x.csv' }, ip: '127.0.0.1' })
 */
export async function recordAudit(db: Kysely<Database>, event: AuditEvent): Promise<number> {
  const detail =
    event.detail === undefined || event.detail === null
      ? null
      : typeof event.detail === 'string'
        ? event.detail
        : JSON.stringify(event.detail);
  const row = await db
    .insertInto('audit_log')
    .values({
      at: (event.at ?? new Date()).toISOString(),
      actor: cleanForLog(event.actor, 100),
      action: cleanForLog(event.action, 40),
      target: event.target == null ? null : cleanForLog(event.target, 500),
      detail: detail === null ? null : cleanForLog(detail, 2000),
      ip: event.ip == null ? null : cleanForLog(event.ip, 100),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** How often one kind of event may be written: at most `max` per `windowMs` for the same action, actor and address (and target, if `perTarget`). */
export interface AuditLimit {
  readonly max: number;
  readonly windowMs: number;
  readonly perTarget?: boolean;
}

/**
 * Records an event anyone can cause (a refused request, a throttled login)
 * unless `limit.max` events like it were recorded in the window. Written,
 * then counted, under one lock, and taken back when over the limit: parallel
 * requests cannot pass the limit either, and on SQLite the transaction
 * starts by writing (a read first could not take the write lock later when
 * another process wrote in between). Returns whether it was kept.
 */
export async function recordAuditLimited(
  db: Kysely<Database>,
  event: AuditEvent & { at: Date },
  limit: AuditLimit,
): Promise<boolean> {
  return lockedTransaction(db, 'audit', async (trx) => {
    const own = await recordAudit(trx, event);
    let q = trx
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', cleanForLog(event.action, 40))
      .where('at', '>', new Date(event.at.getTime() - limit.windowMs).toISOString())
      .where('actor', '=', cleanForLog(event.actor, 100));
    q = event.ip == null ? q.where('ip', 'is', null) : q.where('ip', '=', cleanForLog(event.ip, 100));
    if (limit.perTarget)
      q = event.target == null ? q.where('target', 'is', null) : q.where('target', '=', cleanForLog(event.target, 500));
    const { n } = await q.executeTakeFirstOrThrow();
    if (Number(n) <= limit.max) return true;
    await trx.deleteFrom('audit_log').where('id', '=', own).execute();
    return false;
  });
}

/** Retention: deletes the events recorded before `before`; returns how many. */
export async function purgeAuditLog(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('at', '<', before.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The newest events first, optionally only one action. */
export async function listAudit(
  db: Kysely<Database>,
  options: { limit?: number; action?: string } = {},
): Promise<AuditRecord[]> {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200);
  if (options.action) q = q.where('action', '=', options.action);
  return (await q.execute()).map((r) => ({ ...r, id: Number(r.id) }));
}
