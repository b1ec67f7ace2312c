import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password.js';
import type { Role } from '../auth/role.js';
import type { Database } from '../db/schema.js';
import { insertUser, setPasswordHash, type User } from '../db/repositories/users.js';

/** Adds a user with a password (hashed here: the database only ever sees the hash). */
export async function addUser(
  db: Kysely<Database>,
  input: { name: string; role: Role; password: string; mustChangePassword?: boolean; now: Date },
): Promise<User> {
  const { password, ...rest } = input;
  return insertUser(db, { ...rest, passwordHash: await hashPassword(password) });
}

/** Sets a user's password (hashed here); `mustChange` asks for a new one at the next sign-in. */
export async function changePassword(
  db: Kysely<Database>,
  userId: number,
  password: string,
  mustChange = false,
): Promise<void> {
  await setPasswordHash(db, userId, await hashPassword(password), mustChange);
}
