import type { Kysely } from 'kysely';
import { newSecret, secretHash } from '../../auth/secret-token.js';
import { DomainError } from '../../domain/domain-error.js';
import type { Database } from '../schema.js';
import { toUser, USER_COLUMNS, type User } from './users.js';

export interface ApiTokenRecord {
  readonly id: number;
  readonly user: string;
  readonly label: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** Creates a token for a user: the token text is returned once and never stored. */
export async function createApiToken(
  db: Kysely<Database>,
  input: { userId: number; label: string; now: Date },
): Promise<{ id: number; token: string }> {
  const token = newSecret('mrt');
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: input.userId,
      token_hash: secretHash(token),
      label: input.label.slice(0, 100),
      created_at: input.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), token };
}

/**
 * `last_used_at` is written at most once a minute per token, so it may be up to
 * a minute behind: an API client at 8 requests at a time would otherwise write
 * (and take SQLite's write lock) on every request.
 */
export const TOKEN_TOUCH_EVERY_MS = 60 * 1000;

/** The user of a live (not revoked) token whose user is enabled; marks it used (see `TOKEN_TOUCH_EVERY_MS`). */
export async function useApiToken(db: Kysely<Database>, token: string, now: Date): Promise<User | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', ...USER_COLUMNS])
    .where('api_tokens.token_hash', '=', secretHash(token))
    .where('api_tokens.revoked_at', 'is', null)
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) >= TOKEN_TOUCH_EVERY_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.token_id)
      .execute();
  }
  // A token is issued deliberately: it is not held back by a pending password change.
  return { ...toUser(row), mustChangePassword: false };
}

export async function revokeApiToken(db: Kysely<Database>, id: number, now: Date): Promise<ApiTokenRecord> {
  const found = await db.selectFrom('api_tokens').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new DomainError('token-not-found', `No API token #${id}: see "maturity token list".`);
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return (await listApiTokens(db)).find((t) => t.id === id)!;
}

/** Revokes every live token of a user; returns how many. */
export async function revokeUserTokens(db: Kysely<Database>, userId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listApiTokens(db: Kysely<Database>): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'users.name',
      'api_tokens.label',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
    ])
    .orderBy('api_tokens.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    user: r.name,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}
