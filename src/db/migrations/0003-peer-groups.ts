import type { Kysely, Migration } from 'kysely';

/** Saved, named peer groups (issue 4): `group:<name>` stands for the stored spec. */
export function peerGroups(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('peer_groups')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('peer_groups').execute();
    },
  };
}
