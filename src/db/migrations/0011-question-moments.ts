import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * A group's question moments as one row (`import_question_aggregates`: per
 * import × city × segment value, every question's five moments packed in
 * instrument order) instead of one `import_aggregates` row per question
 * (node_key `~q:<code>`, removed here). Frozen history: it imports no live
 * code. Existing imports get their rows after the migrations, from their
 * stored respondents, by the current code (`rebuildMissingAggregates`).
 * Why: docs/performance.md.
 */
export function questionMoments(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_question_aggregates')
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
        .addColumn('wave_id', 'integer', (c) => c.notNull().references('waves.id'))
        .addColumn('city_id', 'integer', (c) => c.notNull().references('cities.id'))
        .addColumn('segment_key', 'text', (c) => c.notNull())
        .addColumn('segment_value', 'text', (c) => c.notNull())
        .addColumn('moments', t.blob, (c) => c.notNull())
        .addPrimaryKeyConstraint('import_question_aggregates_pk', [
          'import_id',
          'city_id',
          'segment_key',
          'segment_value',
        ])
        .execute();
      await db.schema
        .createIndex('import_question_aggregates_wave')
        .on('import_question_aggregates')
        .columns(['wave_id', 'segment_key', 'city_id'])
        .execute();
      await sql`delete from import_aggregates where node_key like '~q:%'`.execute(db);
    },
  };
}
