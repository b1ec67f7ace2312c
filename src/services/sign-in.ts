import type { Kysely } from 'kysely';
import { dummyHashPromise, verifyPassword } from '../auth/password.js';
import { recordAudit, recordAuditLimited } from '../db/repositories/audit-log.js';
import {
  clearAttempts,
  countAttempt,
  LOGIN_WINDOW_MS,
  loginKeys,
  MAX_ATTEMPTS_PER_IP,
  MAX_LOGIN_ATTEMPTS,
} from '../db/repositories/login-attempts.js';
import type { Database } from '../db/schema.js';
import { createSession, deleteSession, purgeExpiredSessions } from '../db/repositories/sessions.js';
import { findUserRowByName, oneTimePasswordExpired } from '../db/repositories/users.js';
import { cleanForLog, USER_NAME_MAX } from '../domain/user-name.js';

export type SignInResult =
  | { readonly kind: 'signed-in'; readonly sessionId: string; readonly mustChangePassword: boolean }
  /** Too many attempts for this account at this address, or from this address. */
  | { readonly kind: 'throttled' }
  /** Unknown user, wrong password or disabled account: one answer for all three. */
  | { readonly kind: 'failed' }
  /** The right one-time password, after it expired. */
  | { readonly kind: 'expired' };

export interface SignInRequest {
  readonly name: string;
  readonly password: string;
  readonly ip: string;
  /** The session cookie the browser still sent, if any: it ends (a new id at every login, ASVS 3.2.1). */
  readonly oldSessionId?: string | undefined;
  readonly now: Date;
}

/** At most one login-throttled event per key and window: a flood of refused logins writes one row. */
const THROTTLE_EVENT_LIMIT = { max: 1, windowMs: LOGIN_WINDOW_MS, perTarget: true } as const;

/**
 * Signs a user in: counts the attempt first (atomically, so parallel guesses
 * cannot pass the limit), then checks the password, then starts a session.
 * Each outcome is audited here, awaited.
 */
export async function signIn(db: Kysely<Database>, request: SignInRequest): Promise<SignInResult> {
  const { name, password, ip, now } = request;
  const typed = cleanForLog(name, USER_NAME_MAX);
  const keys = loginKeys(name, ip);
  const exceeded = await countAttempt(
    db,
    [
      { key: keys.account, max: MAX_LOGIN_ATTEMPTS },
      { key: keys.address, max: MAX_ATTEMPTS_PER_IP },
    ],
    now,
  );
  if (exceeded !== null) {
    const target = exceeded === keys.account ? typed : '*';
    await recordAuditLimited(
      db,
      { actor: 'anonymous', action: 'login-throttled', target, ip, at: now },
      THROTTLE_EVENT_LIMIT,
    );
    return { kind: 'throttled' };
  }
  const row = name.trim() ? await findUserRowByName(db, name) : undefined;
  // Verify against a dummy hash for unknown users: the answer takes as long either way.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHashPromise()));
  if (!row || !ok || row.disabled_at !== null) {
    await recordAudit(db, { actor: row ? row.name : 'anonymous', action: 'login-failed', target: typed, ip, at: now });
    return { kind: 'failed' };
  }
  if (oneTimePasswordExpired(row, now)) {
    await recordAudit(db, { actor: row.name, action: 'login-expired-password', ip, at: now });
    return { kind: 'expired' };
  }
  await clearAttempts(db, keys.account);
  await purgeExpiredSessions(db, now);
  const sessionId = await db.transaction().execute(async (trx) => {
    if (request.oldSessionId) await deleteSession(trx, request.oldSessionId);
    const id = await createSession(trx, Number(row.id), now);
    await recordAudit(trx, { actor: row.name, action: 'login', ip, at: now });
    return id;
  });
  return { kind: 'signed-in', sessionId, mustChangePassword: Number(row.must_change_password) === 1 };
}

/** Signs out: the session row is deleted and the event recorded together. */
export async function signOut(
  db: Kysely<Database>,
  sessionId: string | undefined,
  who: { actor: string; ip: string | null } | undefined,
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (sessionId) await deleteSession(trx, sessionId);
    if (who) await recordAudit(trx, { ...who, action: 'logout', at: now });
  });
}
