import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Database size at a million respondents:
 * - `source_row`: the row of the original file a respondent came from (NULL for rows stored
 *   before). Traceability, and the first row named when a file repeats a respondent id
 *   (the unique key finds the repeat; the row comes from here, not from a map of every id in memory).
 * - The (wave, city) index over every respondent served raw-answer reads that
 *   the aggregates replaced; only comments still read rows per wave and city, and only rows with
 *   text: a partial index over those.
 * - The import_id index (a third B-tree to update on every insert) served undo
 *   only. An import's respondents get consecutive ids (imports write one at a time, under the import
 *   lock), so the import records its id range and undo deletes by primary key. Backfilled here.
 */
export function respondentStorage(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('respondents').addColumn('source_row', 'integer').execute();
      await db.schema.alterTable('imports').addColumn('first_respondent_id', 'integer').execute();
      await db.schema.alterTable('imports').addColumn('last_respondent_id', 'integer').execute();
      await sql`update imports set
        first_respondent_id = (select min(id) from respondents where respondents.import_id = imports.id),
        last_respondent_id = (select max(id) from respondents where respondents.import_id = imports.id)`.execute(db);
      await db.schema.dropIndex('respondents_import').execute();
      await db.schema.dropIndex('respondents_wave_city').execute();
      await sql`create index respondents_texts on respondents (wave_id, city_id) where texts is not null`.execute(db);
    },
  };
}
