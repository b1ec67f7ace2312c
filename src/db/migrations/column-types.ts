import { sql, type ColumnDefinitionBuilder, type Expression } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Column types for migrations that run on both databases: use these instead
 * of writing a dialect branch in every migration.
 *
 * - `id`: integer primary key, generated (AUTOINCREMENT on SQLite, IDENTITY on PostgreSQL).
 * - `text`: on PostgreSQL with COLLATE "C", so ORDER BY sorts by code point
 *   exactly as SQLite's BINARY collation does, whatever the database locale.
 * - `real`: 8-byte float on both (SQLite REAL, PostgreSQL double precision).
 * - `blob`: bytes (BLOB / bytea); both drivers read them as Buffer.
 * - `bool`: stored as integer 0/1 on both, so rows compare the same way.
 */
export function columnTypes(dialect: DialectName) {
  const pg = dialect === 'postgres';
  return {
    id: (col: ColumnDefinitionBuilder) =>
      pg ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    text: (pg ? sql`text collate "C"` : 'text') as Expression<unknown> | 'text',
    real: (pg ? sql`double precision` : sql`real`) as Expression<unknown>,
    blob: (pg ? sql`bytea` : sql`blob`) as Expression<unknown>,
    bool: 'integer' as const,
  };
}
