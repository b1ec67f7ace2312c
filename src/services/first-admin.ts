import type { Kysely } from 'kysely';
import { randomPassword } from '../auth/password.js';
import { recordAudit } from '../db/repositories/audit-log.js';
import type { Database } from '../db/schema.js';
import { countUsers } from '../db/repositories/users.js';
import { addUser } from './accounts.js';

/**
 * First start: with no users at all, creates `admin` with a random one-time
 * password (to be changed at first sign-in) and returns it, to be printed
 * once. Nothing secret is stored in the code or the repository.
 * Returns null when users exist.
 */
export async function ensureFirstAdmin(db: Kysely<Database>, now: Date): Promise<{ name: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = randomPassword();
  const user = await addUser(db, { name: 'admin', role: 'admin', password, mustChangePassword: true, now });
  await recordAudit(db, { actor: 'system', action: 'user-add', target: user.name, detail: { role: 'admin', firstStart: true }, at: now });
  return { name: user.name, password };
}
