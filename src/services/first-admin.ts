import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { countUsers } from '../db/repositories/users.js';
import { addUser } from './user-admin.js';

/**
 * First start: with no users at all, creates `admin` with a random one-time
 * password (to be changed at first sign-in, within `oneTimePasswordMs`) and
 * returns it, to be printed once. Nothing secret is stored in the code or
 * the repository. Returns null when users exist.
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  now: Date,
  oneTimePasswordMs: number,
): Promise<{ name: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const { user, password } = await addUser(
    db,
    { name: 'admin', role: 'admin', now, oneTimePasswordMs },
    { actor: 'system' },
    { firstStart: true },
  );
  return { name: user.name, password };
}
