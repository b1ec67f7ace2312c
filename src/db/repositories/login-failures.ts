import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** ASVS 2.2.1: at most 5 failed logins per account and client address in 15 minutes. */
export const MAX_LOGIN_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export const attemptKey = (name: string, ip: string): string => `${name.trim().toLowerCase().slice(0, 100)}|${ip}`;

export async function recentLoginFailures(db: Kysely<Database>, key: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('login_failures')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('attempt_key', '=', key)
    .where('at', '>', new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordLoginFailure(db: Kysely<Database>, key: string, now: Date): Promise<void> {
  await db.insertInto('login_failures').values({ attempt_key: key, at: now.toISOString() }).execute();
  // Keep the table small: forget failures older than the window.
  await db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString()).execute();
}

export async function clearLoginFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_failures').where('attempt_key', '=', key).execute();
}
