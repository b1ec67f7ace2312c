import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Issue 8, database size at a million respondents:
 * - `source_row`: the row of the original file a respondent came from (NULL for rows stored
 *   before). Traceability, and the first row named when a file repeats a respondent id
 *   (the unique key finds the repeat; the row comes from here, not from a map of every id in memory).
 * - The (wave, city) index over every respondent (13.5 MB per million) served raw-answer reads that
 *   the aggregates replaced; only comments still read rows per wave and city, and only rows with
 *   text: a partial index over those.
 */
export function respondentStorage(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('respondents').addColumn('source_row', 'integer').execute();
      await db.schema.dropIndex('respondents_wave_city').execute();
      await sql`create index respondents_texts on respondents (wave_id, city_id) where texts is not null`.execute(db);
    },
  };
}
