import type { Kysely } from 'kysely';
import { userNameKey } from '../../domain/user-name.js';
import type { Database } from '../schema.js';
import { lockedTransaction } from '../write-lock.js';

/** ASVS 2.2.1: at most 5 login attempts per account and client address in 15 minutes. */
export const MAX_LOGIN_ATTEMPTS = 5;
/** Attempts per client address (any account) in the window: stops spraying one password over many names. */
export const MAX_ATTEMPTS_PER_IP = 50;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

/** The throttle keys of a login: the account (by its one normal form) at this address, and the address. */
export const loginKeys = (name: string, ip: string) => ({
  account: `name|${userNameKey(name).slice(0, 100)}|${ip}`,
  address: `ip|${ip}`,
});
/** The throttle key of password changes of one user (any address). */
export const passwordChangeKey = (userId: number) => `password|${userId}`;

export interface AttemptLimit {
  readonly key: string;
  readonly max: number;
}

/**
 * Counts one attempt against each limit, before the password is checked, and
 * says whether any limit is exceeded. Insert, then count, in one transaction
 * holding the login lock (PostgreSQL: an advisory lock across processes;
 * SQLite: the insert takes the write lock, so the count sees every attempt
 * committed before it): parallel requests are counted one after the other,
 * and no more than `max` of them get through. An attempt over a limit is not
 * kept, so a flood of refused attempts leaves at most `max + 1` rows per key.
 * Returns the key whose limit was exceeded, or null.
 */
export async function countAttempt(
  db: Kysely<Database>,
  limits: readonly AttemptLimit[],
  now: Date,
): Promise<string | null> {
  const at = now.toISOString();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
  return lockedTransaction(db, 'login', async (trx) => {
    let exceeded: string | null = null;
    for (const { key, max } of limits) {
      const row = await trx
        .insertInto('login_attempts')
        .values({ attempt_key: key, at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { n } = await trx
        .selectFrom('login_attempts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('attempt_key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      if (Number(n) > max + 1) await trx.deleteFrom('login_attempts').where('id', '=', row.id).execute();
      if (Number(n) > max) exceeded ??= key;
    }
    // Keep the table small: forget attempts older than the window.
    await trx.deleteFrom('login_attempts').where('at', '<=', since).execute();
    return exceeded;
  });
}

/** After a successful sign-in: the account's earlier attempts no longer count. */
export async function clearAttempts(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('attempt_key', '=', key).execute();
}
