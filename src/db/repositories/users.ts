import type { Kysely } from 'kysely';
import { isRole, type Role } from '../../auth/role.js';
import { DomainError } from '../../domain/domain-error.js';
import { parseUserName, userNameKey } from '../../domain/user-name.js';
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

/** The columns `toUser` reads, for a query that joins `users` to a session or a token. */
export const USER_COLUMNS = [
  'users.id',
  'users.name',
  'users.role',
  'users.must_change_password',
  'users.disabled_at',
  'users.created_at',
] as const;

export const toUser = (
  r: Pick<UserRow, 'id' | 'name' | 'role' | 'must_change_password' | 'disabled_at' | 'created_at'>,
): User => ({
  id: Number(r.id),
  name: r.name,
  // A role the code does not know grants the least.
  role: isRole(r.role) ? r.role : 'viewer',
  mustChangePassword: Number(r.must_change_password) === 1,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
});

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewUser {
  readonly name: string;
  readonly role: Role;
  readonly password: string;
  /** A one-time password: to be changed at first sign-in, and refused after `oneTimeUntil`. */
  readonly mustChangePassword?: boolean;
  readonly oneTimeUntil?: Date;
  readonly now: Date;
}

/**
 * Adds a user from a password hash (hashing is src/auth's, done outside the transaction: scrypt is slow).
 * The name is stored in its one normal form (`userNameKey`), so look-alikes of a taken name are refused.
 */
export async function insertUserRow(
  db: Kysely<Database>,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
): Promise<User> {
  const name = parseUserName(input.name);
  if (await findUserRowByName(db, name))
    throw new DomainError('user-exists', `A user called "${name}" exists already.`);
  const row = await db
    .insertInto('users')
    .values({
      name,
      role: input.role,
      password_hash: input.passwordHash,
      must_change_password: input.mustChangePassword ? 1 : 0,
      password_expires_at: input.mustChangePassword && input.oneTimeUntil ? input.oneTimeUntil.toISOString() : null,
      created_at: input.now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toUser(row);
}

/** The stored row of a user, found by any spelling of the name that has the same `userNameKey`. */
export async function findUserRowByName(db: Kysely<Database>, name: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', userNameKey(name)).executeTakeFirst();
}

/** True when the user's one-time password has expired (only one-time passwords expire). */
export function oneTimePasswordExpired(
  row: Pick<UserRow, 'must_change_password' | 'password_expires_at'>,
  now: Date,
): boolean {
  return (
    Number(row.must_change_password) === 1 &&
    row.password_expires_at !== null &&
    Date.parse(row.password_expires_at) <= now.getTime()
  );
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('name').execute()).map(toUser);
}

/** Sets a one-time password (from its hash): to be changed at the next sign-in, refused after `expiresAt`. */
export async function setOneTimePasswordHash(
  db: Kysely<Database>,
  userId: number,
  passwordHash: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 1, password_expires_at: expiresAt.toISOString() })
    .where('id', '=', userId)
    .execute();
}

/** The stored password hash of a user (to verify a password against). */
export async function findPasswordHash(db: Kysely<Database>, userId: number): Promise<string> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

/** Sets a password chosen by its user (no expiry), from its hash. */
export async function setPasswordHash(db: Kysely<Database>, userId: number, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: 0, password_expires_at: null })
    .where('id', '=', userId)
    .execute();
}

/** Disables (or enables) a user; disabling also ends their sessions. */
export async function setUserDisabled(
  db: Kysely<Database>,
  userId: number,
  disabled: boolean,
  now: Date,
): Promise<void> {
  const user = await findUserById(db, userId);
  if (!user) throw new DomainError('user-not-found', `No user #${userId}.`);
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? now.toISOString() : null })
    .where('id', '=', userId)
    .execute();
  if (disabled) await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
