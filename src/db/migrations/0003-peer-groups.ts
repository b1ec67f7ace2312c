import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/** Saved, named peer groups: `group:<name>` stands for the stored spec. */
export function peerGroups(dialect: DialectName = 'sqlite'): Migration {
  const { text } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('peer_groups')
        .addColumn('name', text, (c) => c.primaryKey())
        .addColumn('spec', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('peer_groups').execute();
    },
  };
}
