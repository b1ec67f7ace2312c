import type { Kysely, Migration } from 'kysely';

/**
 * Imports of real survey exports. An upload waiting for confirmation keeps
 * the import options chosen with it besides the wave and instrument (city,
 * country, unfinished responses, sheet), as JSON, so the confirmed import is
 * the one previewed. A file of several waves is stored as one import row per
 * wave; the later rows name the first in `batch_id`, so undo removes them all.
 */
export function importOptions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('pending_uploads')
        .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.alterTable('imports').addColumn('batch_id', 'integer').execute();
    },
  };
}
