import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import type { Database } from '../schema.js';
import { rebuildImportAggregates } from '../score-aggregates.js';

/**
 * Issue 8: the aggregates gain one row per question (node_key `~q:<code>`: the
 * moments of its item scores), so city pages and reports read question means
 * from them instead of every respondent's answers. Existing imports are
 * rebuilt from their stored respondents, once.
 */
export function questionAggregates(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const typed = db as unknown as Kysely<Database>;
      const committed = await typed.selectFrom('imports').select('id').where('status', '=', 'committed').execute();
      for (const { id } of committed) await rebuildImportAggregates(typed, id);
    },
  };
}
