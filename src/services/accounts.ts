import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password.js';
import type { Database } from '../db/schema.js';
import { insertUserRow, type NewUser, type User } from '../db/repositories/users.js';

/** Adds a user with a password (hashed here: the database only ever sees the hash), without an audit event: set-up and tests. */
export async function insertUser(db: Kysely<Database>, input: NewUser): Promise<User> {
  const { password, ...rest } = input;
  return insertUserRow(db, { ...rest, passwordHash: await hashPassword(password) });
}
