import type { Kysely } from 'kysely';
import { hashPassword, randomPassword } from '../auth/password.js';
import type { Role } from '../auth/role.js';
import {
  createApiToken,
  revokeApiToken,
  revokeUserTokens,
  type ApiTokenRecord,
} from '../db/repositories/api-tokens.js';
import { recordAudit, type AuditActor } from '../db/repositories/audit-log.js';
import type { Database } from '../db/schema.js';
import { deleteUserSessions } from '../db/repositories/sessions.js';
import {
  findUserById,
  findUserRowByName,
  insertUserRow,
  setOneTimePasswordHash,
  setUserDisabled,
  type User,
} from '../db/repositories/users.js';
import { DomainError } from '../domain/domain-error.js';
import { parseUserName } from '../domain/user-name.js';

/**
 * Changes to users and API tokens, from the admin pages and the CLI. Each
 * change and its audit event are written in one transaction: there is no
 * way to make the change without the event.
 */

/** How long an admin-issued one-time password works before it must be issued again. */
export interface OneTimePolicy {
  readonly oneTimePasswordMs: number;
}

/** Adds a user with a random one-time password (returned once, to be shown once). */
export async function addUser(
  db: Kysely<Database>,
  input: { name: string; role: Role; now: Date } & OneTimePolicy,
  by: AuditActor,
  detail: Record<string, unknown> = {},
): Promise<{ user: User; password: string }> {
  const name = parseUserName(input.name);
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.transaction().execute(async (trx) => {
    const created = await insertUserRow(trx, {
      name,
      role: input.role,
      passwordHash,
      mustChangePassword: true,
      oneTimeUntil: new Date(input.now.getTime() + input.oneTimePasswordMs),
      now: input.now,
    });
    await recordAudit(trx, {
      ...by,
      action: 'user-add',
      target: created.name,
      detail: { role: input.role, ...detail },
      at: input.now,
    });
    return created;
  });
  return { user, password };
}

/** Adds a user with a password they chose (the CLI: `maturity user add`, already checked for strength). */
export async function addUserWithPassword(
  db: Kysely<Database>,
  input: { name: string; role: Role; password: string; now: Date },
  by: AuditActor,
): Promise<User> {
  const name = parseUserName(input.name);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const created = await insertUserRow(trx, { name, role: input.role, passwordHash, now: input.now });
    await recordAudit(trx, {
      ...by,
      action: 'user-add',
      target: created.name,
      detail: { role: input.role },
      at: input.now,
    });
    return created;
  });
}

/** Issues a new one-time password (e.g. after the first one expired); the user's sessions end. */
export async function resetPassword(
  db: Kysely<Database>,
  input: { userId: number; now: Date } & OneTimePolicy,
  by: AuditActor,
): Promise<{ user: User; password: string }> {
  const password = randomPassword();
  const passwordHash = await hashPassword(password);
  const user = await db.transaction().execute(async (trx) => {
    const found = await findUserById(trx, input.userId);
    if (!found) throw new DomainError('user-not-found', `No user #${input.userId}.`);
    await setOneTimePasswordHash(
      trx,
      input.userId,
      passwordHash,
      new Date(input.now.getTime() + input.oneTimePasswordMs),
    );
    await deleteUserSessions(trx, input.userId);
    await recordAudit(trx, { ...by, action: 'user-reset-password', target: found.name, at: input.now });
    return found;
  });
  return { user, password };
}

export type UserChange = 'disable' | 'enable' | 'revoke-tokens';

/** Disables (ending sessions and tokens), enables, or revokes the tokens of a user. */
export async function changeUser(
  db: Kysely<Database>,
  input: { userId: number; change: UserChange; now: Date },
  by: AuditActor & { userId?: number },
): Promise<User> {
  const { userId, change, now } = input;
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new DomainError('user-not-found', `No user #${userId}.`);
    if (change === 'disable' && by.userId === userId)
      throw new DomainError('cannot-disable-self', 'You cannot disable your own account.');
    let detail: unknown = null;
    if (change === 'revoke-tokens') detail = { revoked: await revokeUserTokens(trx, userId, now) };
    else await setUserDisabled(trx, userId, change === 'disable', now);
    if (change === 'disable') await revokeUserTokens(trx, userId, now);
    await recordAudit(trx, {
      actor: by.actor,
      ip: by.ip ?? null,
      action: `user-${change}`,
      target: user.name,
      detail,
      at: now,
    });
    return user;
  });
}

/** Finds a user by name for the CLI, refusing unknown names with a hint. */
export async function userByName(db: Kysely<Database>, name: string): Promise<User> {
  const row = await findUserRowByName(db, name);
  if (!row) throw new DomainError('user-not-found', `No user called "${name}": see "maturity user list".`);
  return (await findUserById(db, Number(row.id)))!;
}

/** Creates an API token acting as a user; the token text is returned once. */
export async function issueApiToken(
  db: Kysely<Database>,
  input: { userName: string; label: string; now: Date },
  by: AuditActor,
): Promise<{ id: number; token: string; user: string; role: Role }> {
  const user = await userByName(db, input.userName);
  if (user.disabledAt) throw new DomainError('user-disabled', `User "${user.name}" is disabled.`);
  return db.transaction().execute(async (trx) => {
    const t = await createApiToken(trx, { userId: user.id, label: input.label, now: input.now });
    await recordAudit(trx, {
      ...by,
      action: 'token-create',
      target: `token #${t.id} of ${user.name}`,
      detail: { label: input.label },
      at: input.now,
    });
    return { ...t, user: user.name, role: user.role };
  });
}

export async function revokeToken(
  db: Kysely<Database>,
  input: { tokenId: number; now: Date },
  by: AuditActor,
): Promise<ApiTokenRecord> {
  return db.transaction().execute(async (trx) => {
    const token = await revokeApiToken(trx, input.tokenId, input.now);
    await recordAudit(trx, {
      ...by,
      action: 'token-revoke',
      target: `token #${token.id} of ${token.user}`,
      at: input.now,
    });
    return token;
  });
}
