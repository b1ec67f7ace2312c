import type { Kysely } from 'kysely';
import { isRole, type Role } from '../../auth/role.js';
import { DomainError } from '../../domain/domain-error.js';
import { normalizeText } from '../../domain/text-key.js';
import type { Database, UserRow } from '../schema.js';

/** A user as the app sees it (never the password hash). */
export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  readonly disabledAt: string | null;
  readonly createdAt: string;
}

export const toUser = (r: Pick<UserRow, 'id' | 'name' | 'role' | 'must_change_password' | 'disabled_at' | 'created_at'>): User => ({
  id: Number(r.id),
  name: r.name,
  // A role the code does not know grants the least.
  role: isRole(r.role) ? r.role : 'viewer',
  mustChangePassword: Number(r.must_change_password) === 1,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
});

/** User names: 2–64 letters, digits, dot, dash, underscore, @ (no spaces, nothing to confuse in logs). */
export function parseUserName(name: string): string {
  const n = normalizeText(name).toLowerCase();
  if (!/^[\p{L}\p{N}._@-]{2,64}$/u.test(n)) {
    throw new DomainError('user-name-invalid', `User name "${name}" is not valid: use 2–64 letters, digits, ".", "-", "_" or "@".`);
  }
  return n;
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertUser(
  db: Kysely<Database>,
  input: { name: string; role: Role; passwordHash: string; mustChangePassword?: boolean; now: Date },
): Promise<User> {
  const name = parseUserName(input.name);
  if (await findUserRowByName(db, name)) throw new DomainError('user-exists', `A user called "${name}" exists already.`);
  const row = await db
    .insertInto('users')
    .values({
      name,
      role: input.role,
      password_hash: input.passwordHash,
      must_change_password: input.mustChangePassword ? 1 : 0,
      created_at: input.now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUserRowByName(db: Kysely<Database>, name: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', normalizeText(name).toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(toUser);
}

export async function setPasswordHash(db: Kysely<Database>, userId: number, passwordHash: string, mustChange = false): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/** Disables (or enables) a user; disabling also ends their sessions. */
export async function setUserDisabled(db: Kysely<Database>, userId: number, disabled: boolean, now: Date): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw new DomainError('user-not-found', `No user #${userId}.`);
  await db.updateTable('users').set({ disabled_at: disabled ? now.toISOString() : null }).where('id', '=', userId).execute();
  if (disabled) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
