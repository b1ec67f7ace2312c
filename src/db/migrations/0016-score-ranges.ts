import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/**
 * The smallest and largest respondent score of each node row of the
 * aggregates (`min_x`, `max_x`): when they are equal, every score is and the
 * variance is exactly 0 (moments.ts), which Σx² − (Σx)²/n cannot give.
 * Frozen history: it imports no live code. The imports stored before get
 * their ranges after the migrations, from their stored respondents, by the
 * current code (`rebuildMissingAggregates`).
 */
export function scoreRanges(dialect: DialectName): Migration {
  const t = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('import_aggregates').addColumn('min_x', t.real).execute();
      await db.schema.alterTable('import_aggregates').addColumn('max_x', t.real).execute();
    },
  };
}
