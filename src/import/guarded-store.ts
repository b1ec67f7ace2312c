import type { Kysely, Transaction } from 'kysely';
import { isRespondentKeyViolation } from '../db/db-errors.js';
import type { Database } from '../db/schema.js';
import { lockedTransaction } from '../db/write-lock.js';
import { issueError, type ImportIssue } from './import-issue.js';

export type GuardedOutcome = { readonly importId: number } | { readonly refused: ImportIssue[] };

/**
 * The write step of an import, safe with several app processes on one
 * database: one transaction holding the import lock (PostgreSQL advisory
 * lock; SQLite's write transaction), in which `recheck` repeats the "already
 * stored?" checks (another process may have imported since they first ran)
 * before `write` stores anything. A unique-key violation on the respondents
 * (the backstop) becomes the same `respondent-exists` refusal; the
 * transaction is rolled back, so nothing is left behind.
 */
export async function guardedImportTransaction(
  db: Kysely<Database>,
  recheck: (trx: Kysely<Database>) => Promise<ImportIssue[]>,
  write: (trx: Transaction<Database>) => Promise<number>,
): Promise<GuardedOutcome> {
  try {
    return await lockedTransaction(db, 'import', async (trx) => {
      const refused = await recheck(trx);
      if (refused.length > 0) return { refused };
      return { importId: await write(trx) };
    });
  } catch (error) {
    if (!isRespondentKeyViolation(error)) throw error;
    const refused = await recheck(db);
    return {
      refused: refused.length > 0 ? refused : [issueError('respondent-exists', 'Respondents of this file were stored by another import meanwhile; nothing was imported. Check the imports and try again.')],
    };
  }
}
