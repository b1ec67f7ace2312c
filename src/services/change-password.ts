import type { Kysely } from 'kysely';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../auth/password.js';
import { recordAudit, recordAuditLimited } from '../db/repositories/audit-log.js';
import {
  clearAttempts,
  countAttempt,
  LOGIN_WINDOW_MS,
  MAX_LOGIN_ATTEMPTS,
  passwordChangeKey,
} from '../db/repositories/login-attempts.js';
import type { Database } from '../db/schema.js';
import { deleteUserSessions } from '../db/repositories/sessions.js';
import { findPasswordHash, findUserById, setPasswordHash } from '../db/repositories/users.js';
import { DomainError } from '../domain/domain-error.js';

export interface PasswordChange {
  readonly userId: number;
  /** The session that asks: it stays; every other session of the user ends (ASVS 3.3.3). */
  readonly keepSessionIdHash?: string | undefined;
  readonly current: string;
  readonly fresh: string;
  readonly repeat: string;
  readonly ip: string | null;
  readonly now: Date;
}

/**
 * A user changes their own password. The current password is asked again
 * (ASVS 3.7.1), and guesses at it are counted before checking, like logins:
 * at most 5 per user in 15 minutes, each wrong one audited. Refusals are
 * DomainErrors: `password-throttled`, `password-current-wrong`,
 * `password-mismatch`, `password-unchanged`, or those of `checkPasswordStrength`.
 */
export async function changePassword(db: Kysely<Database>, change: PasswordChange): Promise<void> {
  const { userId, ip, now } = change;
  const user = await findUserById(db, userId);
  if (!user) throw new DomainError('user-not-found', `No user #${userId}.`);
  const key = passwordChangeKey(userId);
  if ((await countAttempt(db, [{ key, max: MAX_LOGIN_ATTEMPTS }], now)) !== null) {
    await recordAuditLimited(
      db,
      { actor: user.name, action: 'password-change-throttled', ip, at: now },
      { max: 1, windowMs: LOGIN_WINDOW_MS },
    );
    throw new DomainError('password-throttled', 'Too many wrong current passwords: wait 15 minutes and try again.');
  }
  if (!(await verifyPassword(change.current, await findPasswordHash(db, userId)))) {
    await recordAudit(db, { actor: user.name, action: 'password-change-failed', ip, at: now });
    throw new DomainError('password-current-wrong', 'The current password is wrong.');
  }
  if (change.fresh !== change.repeat) throw new DomainError('password-mismatch', 'The two new passwords differ.');
  if (change.fresh === change.current)
    throw new DomainError('password-unchanged', 'Choose a password different from the current one.');
  checkPasswordStrength(change.fresh);
  const hash = await hashPassword(change.fresh);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, userId, hash);
    await deleteUserSessions(trx, userId, change.keepSessionIdHash);
    await recordAudit(trx, { actor: user.name, action: 'password-change', ip, at: now });
  });
  await clearAttempts(db, key);
}
