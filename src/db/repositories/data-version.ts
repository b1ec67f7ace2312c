import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * What the read side is computed from, as one short string the database
 * states: any import or undo, new city, alias or instrument, and any saved,
 * replaced or deleted peer group changes it. One query over small tables
 * (imports, cities, aliases, instruments, peer groups: never respondents),
 * so it is cheap enough to ask on every request, and true for every process
 * sharing the database.
 *
 * Why each part is enough: imports are only inserted (a new highest id) or
 * undone (one fewer committed); cities, aliases and instruments are only
 * inserted (a new count; an instrument id never changes definition); a peer
 * group saved or replaced gets `created_at` = now (a new maximum), a deleted
 * one lowers the count.
 * @example await readDataVersion(db) // => '12|11|204|31|2|3|2026-11-28T19:50:02.113Z'
 */
export async function readDataVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('imports')
        .select((e) => e.fn.max('id').as('v'))
        .as('imports_max'),
      eb
        .selectFrom('imports')
        .select((e) => e.fn.countAll().as('v'))
        .where('status', '=', 'committed')
        .as('imports_committed'),
      eb
        .selectFrom('cities')
        .select((e) => e.fn.countAll().as('v'))
        .as('cities'),
      eb
        .selectFrom('city_aliases')
        .select((e) => e.fn.countAll().as('v'))
        .as('aliases'),
      eb
        .selectFrom('instruments')
        .select((e) => e.fn.countAll().as('v'))
        .as('instruments'),
      eb
        .selectFrom('peer_groups')
        .select((e) => e.fn.countAll().as('v'))
        .as('peer_groups'),
      eb
        .selectFrom('peer_groups')
        .select((e) => e.fn.max('created_at').as('v'))
        .as('peer_groups_at'),
    ])
    .executeTakeFirstOrThrow();
  return [
    row.imports_max,
    row.imports_committed,
    row.cities,
    row.aliases,
    row.instruments,
    row.peer_groups,
    row.peer_groups_at,
  ]
    .map((v) => String(v ?? ''))
    .join('|');
}
