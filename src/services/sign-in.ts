import type { Kysely } from 'kysely';
import { dummyHashPromise, verifyPassword } from '../auth/password.js';
import { recordAudit } from '../db/repositories/audit-log.js';
import {
  attemptKey,
  clearLoginFailures,
  MAX_LOGIN_FAILURES,
  recentLoginFailures,
  recordLoginFailure,
} from '../db/repositories/login-failures.js';
import type { Database } from '../db/schema.js';
import { createSession, deleteSession, purgeExpiredSessions } from '../db/repositories/sessions.js';
import { findUserRowByName } from '../db/repositories/users.js';

/** Failures per client address (any account) in the window: stops spraying one password over many names. */
const MAX_FAILURES_PER_IP = 50;

export interface SignInRequest {
  readonly name: string;
  readonly password: string;
  readonly ip: string;
  /** The session the client still holds, if any: it ends (a new id at every sign-in, ASVS 3.2.1). */
  readonly previousSession?: string;
  readonly at: Date;
}

/** A new session, or why not: `throttled` (too many failures: ask again later) or `failed` (one answer for every cause). */
export type SignInResult =
  | { readonly ok: true; readonly session: string; readonly mustChangePassword: boolean }
  | { readonly ok: false; readonly reason: 'throttled' | 'failed' };

/**
 * Checks a name and password and opens a session: throttled per name and
 * address and per address, the same answer and timing for unknown users,
 * disabled users and wrong passwords, every outcome in the audit log.
 */
export async function signIn(db: Kysely<Database>, request: SignInRequest): Promise<SignInResult> {
  const { name, password, ip, at } = request;
  const key = attemptKey(name, ip);
  const ipKey = attemptKey('*', ip);
  if (
    (await recentLoginFailures(db, key, at)) >= MAX_LOGIN_FAILURES ||
    (await recentLoginFailures(db, ipKey, at)) >= MAX_FAILURES_PER_IP
  ) {
    await recordAudit(db, { actor: 'anonymous', action: 'login-throttled', target: name, ip, at });
    return { ok: false, reason: 'throttled' };
  }
  const row = name ? await findUserRowByName(db, name) : undefined;
  // Verify against a dummy hash for unknown users: the answer takes as long either way.
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHashPromise()));
  if (!row || !ok || row.disabled_at !== null) {
    await recordLoginFailure(db, key, at);
    await recordLoginFailure(db, ipKey, at);
    await recordAudit(db, { actor: row ? row.name : 'anonymous', action: 'login-failed', target: name, ip, at });
    return { ok: false, reason: 'failed' };
  }
  await clearLoginFailures(db, key);
  await purgeExpiredSessions(db, at);
  if (request.previousSession) await deleteSession(db, request.previousSession);
  const session = await createSession(db, Number(row.id), at);
  await recordAudit(db, { actor: row.name, action: 'login', ip, at });
  return { ok: true, session, mustChangePassword: Number(row.must_change_password) === 1 };
}
