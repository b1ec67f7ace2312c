import type { Kysely, Migration } from 'kysely';

/**
 * An upload waiting for confirmation keeps the import options chosen with it
 * besides the wave and instrument (city, country, unfinished responses,
 * sheet), as JSON, so the confirmed import is the one previewed.
 */
export function pendingUploadOptions(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('pending_uploads').addColumn('options', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    },
  };
}
