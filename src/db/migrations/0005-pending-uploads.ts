import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Uploads waiting for the analyst's confirmation between the
 * dry-run preview and the commit. The bytes live here (gzip), keyed by a
 * random token and their sha256, never in server memory across requests.
 */
export function pendingUploads(dialect: DialectName): Migration {
  const blob = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pending_uploads')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('wave', 'integer')
        .addColumn('instrument_id', 'text')
        .addColumn('content_gzip', blob, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('pending_uploads').execute();
    },
  };
}
