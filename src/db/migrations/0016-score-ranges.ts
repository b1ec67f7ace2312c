import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { rebuildImportAggregates } from '../score-aggregates.js';
import type { Database } from '../schema.js';
import { columnTypes } from './column-types.js';

/**
 * The smallest and largest respondent score of each node row of the
 * aggregates (`min_x`, `max_x`): when they are equal, every score is and the
 * variance is exactly 0 (moments.ts), which Σx² − (Σx)²/n cannot give.
 * The imports with aggregates are rebuilt from their stored respondents.
 */
export function scoreRanges(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('import_aggregates').addColumn('min_x', t.real).execute();
      await db.schema.alterTable('import_aggregates').addColumn('max_x', t.real).execute();
      const typed = db as unknown as Kysely<Database>;
      const stored = await typed.selectFrom('import_aggregates').select('import_id').distinct().orderBy('import_id').execute();
      for (const { import_id } of stored) await rebuildImportAggregates(typed, import_id);
    },
  };
}
