import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The shared secret called `name`: created once (32 random bytes, hex) by
 * whichever process asks first; every process then reads the same value.
 * Insert-or-ignore on the primary key makes concurrent first starts safe.
 */
export async function appSecret(db: Kysely<Database>, name: string, now: Date): Promise<string> {
  await db
    .insertInto('app_secrets')
    .values({ name, value: randomBytes(32).toString('hex'), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
