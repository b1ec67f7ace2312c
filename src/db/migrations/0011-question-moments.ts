import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { QUESTION_PREFIX } from '../aggregate-accumulator.js';
import { rebuildImportAggregates } from '../score-aggregates.js';
import type { Database } from '../schema.js';
import { columnTypes } from './column-types.js';

/**
 * Issue 8: a group's question moments as one row (`import_question_aggregates`:
 * per import × city × segment value, every question's five moments packed in
 * instrument order) instead of one `import_aggregates` row per question. A
 * million-row import wrote ~98,000 aggregate rows, 72,000 of them per
 * question: writing them was ~0.4 s of every import whatever its size. Now
 * ~26,000 rows, and the database ~4 MB smaller. Existing imports are rebuilt
 * from their stored respondents, once.
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
        .addPrimaryKeyConstraint('import_question_aggregates_pk', ['import_id', 'city_id', 'segment_key', 'segment_value'])
        .execute();
      await db.schema.createIndex('import_question_aggregates_wave').on('import_question_aggregates').columns(['wave_id', 'segment_key', 'city_id']).execute();
      const typed = db as unknown as Kysely<Database>;
      await typed.deleteFrom('import_aggregates').where('node_key', 'like', `${QUESTION_PREFIX}%`).execute();
      const committed = await typed.selectFrom('imports').select('id').where('status', '=', 'committed').execute();
      for (const { id } of committed) await rebuildImportAggregates(typed, id, { ranges: false });
    },
  };
}
