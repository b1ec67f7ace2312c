import type { Kysely } from 'kysely';
import { revokeUserTokens } from '../db/repositories/api-tokens.js';
import { recordAudit } from '../db/repositories/audit-log.js';
import type { Database } from '../db/schema.js';
import { setUserDisabled } from '../db/repositories/users.js';

/** Who disables: the admin's name (web) or `cli:<os user>`, and from where. */
export interface Actor {
  readonly actor: string;
  readonly ip?: string | null;
}

/**
 * Disables a user, for the admin page and `maturity user disable` alike: their
 * sessions end, their API tokens are revoked, the audit log says who did it.
 */
export async function disableUser(
  db: Kysely<Database>,
  user: { readonly id: number; readonly name: string },
  by: Actor,
  now: Date,
): Promise<void> {
  await setUserDisabled(db, user.id, true, now);
  await revokeUserTokens(db, user.id, now);
  await recordAudit(db, { actor: by.actor, action: 'user-disable', target: user.name, ip: by.ip ?? null, at: now });
}
