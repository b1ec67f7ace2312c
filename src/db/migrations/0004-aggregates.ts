import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * Sufficient statistics per import × city × segment value × node
 * (`import_aggregates`), so scores never scan raw answers; and the original
 * file of a streamed import as gzip parts (`import_content_parts`), so a
 * large file is never held in memory whole. Frozen history: it imports no
 * live code. Existing imports are aggregated after the migrations, by the
 * current code (`rebuildMissingAggregates`).
 */
export function aggregates(dialect: DialectName): Migration {
  const real = dialect === 'postgres' ? sql`double precision` : sql`real`;
  const blob = dialect === 'postgres' ? sql`bytea` : sql`blob`;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_aggregates')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
        .addColumn('wave_id', 'integer', (c) => c.notNull().references('waves.id'))
        .addColumn('city_id', 'integer', (c) => c.notNull().references('cities.id'))
        .addColumn('segment_key', 'text', (c) => c.notNull())
        .addColumn('segment_value', 'text', (c) => c.notNull())
        .addColumn('node_key', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('sum_w', real, (c) => c.notNull())
        .addColumn('sum_w2', real, (c) => c.notNull())
        .addColumn('sum_wx', real, (c) => c.notNull())
        .addColumn('sum_wxx', real, (c) => c.notNull())
        .addPrimaryKeyConstraint('import_aggregates_pk', [
          'import_id',
          'city_id',
          'segment_key',
          'segment_value',
          'node_key',
        ])
        .execute();
      await db.schema
        .createIndex('import_aggregates_wave')
        .on('import_aggregates')
        .columns(['wave_id', 'segment_key', 'city_id'])
        .execute();

      await db.schema
        .createTable('import_content_parts')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
        .addColumn('part', 'integer', (c) => c.notNull())
        .addColumn('gzip', blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('import_content_parts_pk', ['import_id', 'part'])
        .execute();
    },
  };
}
