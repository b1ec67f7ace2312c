import type { Kysely } from 'kysely';
import { newSecret, secretHash } from '../../auth/secret-token.js';
import type { Database } from '../schema.js';
import { toUser, USER_COLUMNS, type User } from './users.js';

/** ASVS 3.3.2 / 3.3.1: sessions end after 30 min without use and 12 h after login, whatever happens. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most once a minute (fewer writes; idle timeout precise to a minute). */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SessionLookup {
  readonly user: User;
  readonly idHash: string;
}

/** Starts a session: returns the cookie value (shown once); the database keeps only its hash. */
export async function createSession(db: Kysely<Database>, userId: number, now: Date): Promise<string> {
  const id = newSecret('mrs');
  const at = now.toISOString();
  await db
    .insertInto('sessions')
    .values({ id_hash: secretHash(id), user_id: userId, created_at: at, last_seen_at: at })
    .execute();
  return id;
}

/**
 * The live session of a cookie value, touching it; undefined (and the row
 * deleted) when it is unknown, idle too long, too old, or its user disabled.
 */
export async function useSession(db: Kysely<Database>, id: string, now: Date): Promise<SessionLookup | undefined> {
  const idHash = secretHash(id);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.created_at as s_created', 'sessions.last_seen_at', ...USER_COLUMNS])
    .where('sessions.id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const t = now.getTime();
  const expired =
    t - Date.parse(row.last_seen_at) > SESSION_IDLE_MS ||
    t - Date.parse(row.s_created) > SESSION_ABSOLUTE_MS ||
    row.disabled_at !== null;
  if (expired) {
    await deleteSession(db, id);
    return undefined;
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute();
  }
  return { user: toUser(row), idHash };
}

export async function deleteSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', secretHash(id)).execute();
}

/** Ends every session of a user (password change, disabling), except `keepIdHash`. */
export async function deleteUserSessions(db: Kysely<Database>, userId: number, keepIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
  await q.execute();
}

/** Removes sessions past either timeout (called now and then; lookups already refuse them). */
export async function purgeExpiredSessions(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('last_seen_at', '<', new Date(now.getTime() - SESSION_IDLE_MS).toISOString()),
        eb('created_at', '<', new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString()),
      ]),
    )
    .execute();
}
