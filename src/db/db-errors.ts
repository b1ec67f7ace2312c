/**
 * Unique-constraint violations, recognised on both databases: the backstop
 * behind the app's own "already stored?" checks.
 *
 * PostgreSQL: error code 23505 with the constraint's name.
 * SQLite: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, "UNIQUE constraint failed: t.a, t.b".
 */
export interface UniqueViolation {
  /** PostgreSQL's constraint name, or SQLite's "table.col, table.col". */
  readonly target: string;
}

export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return { target: typeof e.constraint === 'string' ? e.constraint : '' };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const m = /constraint failed: (.*)$/.exec(String(e.message));
    return { target: m?.[1] ?? '' };
  }
  return null;
}

/** True when `error` violates the unique key of respondents (wave, respondent id). */
export function isRespondentKeyViolation(error: unknown): boolean {
  const v = uniqueViolation(error);
  return v !== null && (v.target === 'respondents_wave_key' || v.target.includes('respondents.respondent_key'));
}
