import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * The aggregates gain one row per question (node_key `~q:<code>`: the
 * moments of its item scores), so city pages and reports read question means
 * from them instead of every respondent's answers. Since migration 0011 packs
 * them into their own table and rebuilds every import, this one does nothing
 * more than 0011 would redo.
 */
export function questionAggregates(_dialect: DialectName): Migration {
  return {
    async up(_db: Kysely<unknown>) {
      // Superseded by 0011_question_moments (it rebuilds every import's aggregates).
    },
  };
}
