import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * Secrets the app processes must share (the CSRF token key): kept in the
 * database, so several processes behind a load balancer accept each other's
 * forms, and a restart does not invalidate open forms. Generated on first use,
 * never committed or configured by hand.
 */
export function appSecrets(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('app_secrets')
        .addColumn('name', t.text, (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
