import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * The respondents of one import, found by its id range (primary key; no index over import_id is
 * kept: see migration 0007). `import_id` is checked as well, so a wrong range can never touch
 * another import's rows.
 */
export async function importRespondentRange(
  db: Kysely<Database>,
  importId: number,
): Promise<{ first: number; last: number } | null> {
  const row = await db
    .selectFrom('imports')
    .select(['first_respondent_id', 'last_respondent_id'])
    .where('id', '=', importId)
    .executeTakeFirst();
  if (row?.first_respondent_id == null || row.last_respondent_id == null) return null;
  return { first: Number(row.first_respondent_id), last: Number(row.last_respondent_id) };
}
