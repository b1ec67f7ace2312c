import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { rebuildImportAggregates } from '../score-aggregates.js';
import type { Database } from '../schema.js';

/**
 * Issue 8, the read path at a million respondents:
 * - The aggregates gain one row per question (`~q:<code>`, see score-aggregates.ts), so
 *   the city page's and gap report's question means never read the answers: existing
 *   imports' aggregates are rebuilt (one pass over their respondents, once).
 * - A covering index over the imports' columns every request reads (wave, status,
 *   synthetic, respondents): on SQLite an import row that still holds its file inline
 *   (`content_gzip`, imports before the parts) put ~13 ms of overflow pages per 1M-row
 *   import in front of `status` and `respondents`, on every request.
 */
export function readPath(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex('imports_read').on('imports').columns(['wave_id', 'status', 'synthetic', 'respondents']).execute();
      const typed = db as unknown as Kysely<Database>;
      const committed = await typed.selectFrom('imports').select('id').where('status', '=', 'committed').execute();
      for (const { id } of committed) await rebuildImportAggregates(typed, id);
    },
  };
}
