import type { Kysely, Migration } from 'kysely';

/**
 * City names of a file the analyst mapped to known cities on import
 * ("Gnt" taken as Gent), kept with the import as JSON for its history.
 */
export function importCityMap(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('imports')
        .addColumn('city_map', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
    },
  };
}
