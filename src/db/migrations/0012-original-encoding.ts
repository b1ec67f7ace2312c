import type { Kysely, Migration } from 'kysely';

/**
 * New imports keep their original file Brotli-compressed, a third of
 * gzip's CPU for the same size (original-codec.ts). The columns lose "gzip"
 * from their names and `imports.content_encoding` says which it is; every
 * import stored before this migration is gzip, and stays as it is.
 */
export function originalEncoding(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('imports').renameColumn('content_gzip', 'content').execute();
      await db.schema
        .alterTable('imports')
        .addColumn('content_encoding', 'text', (c) => c.notNull().defaultTo('gzip'))
        .execute();
      await db.schema.alterTable('import_content_parts').renameColumn('gzip', 'bytes').execute();
    },
  };
}
