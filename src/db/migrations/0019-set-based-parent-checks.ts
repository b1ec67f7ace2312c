import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/** The tables an import fills in bulk; each refers to an import, a wave and a city. */
const BULK_CHILD_TABLES = ['respondents', 'import_aggregates', 'import_question_aggregates'] as const;
const PARENTS = { import_id: 'imports', wave_id: 'waves', city_id: 'cities' } as const;

/**
 * The child side of the check, once per statement over all its rows (the
 * transition table `new_rows`): the distinct parents are collected in one
 * pass, locked FOR KEY SHARE as a foreign key locks them (so none can be
 * deleted before this commits), then any that is missing refuses the whole
 * statement with SQLSTATE 23503, as a foreign key would.
 */
const CHILD_CHECK_FUNCTION = `
create or replace function bulk_rows_have_parents() returns trigger language plpgsql as $$
declare
  import_ids bigint[];
  wave_ids bigint[];
  city_ids bigint[];
  missing text;
begin
  select array_agg(distinct k.import_id), array_agg(distinct k.wave_id), array_agg(distinct k.city_id)
    into import_ids, wave_ids, city_ids
    from (select distinct import_id, wave_id, city_id from new_rows) k;
  perform 1 from imports where id = any(import_ids) for key share;
  perform 1 from waves where id = any(wave_ids) for key share;
  perform 1 from cities where id = any(city_ids) for key share;
  missing := coalesce(
    (select 'import_id ' || x from unnest(import_ids) x where not exists (select 1 from imports where id = x) limit 1),
    (select 'wave_id ' || x from unnest(wave_ids) x where not exists (select 1 from waves where id = x) limit 1),
    (select 'city_id ' || x from unnest(city_ids) x where not exists (select 1 from cities where id = x) limit 1));
  if missing is not null then
    raise exception 'insert or update on table "%" refers to a missing import, wave or city', tg_table_name
      using errcode = 'foreign_key_violation', detail = missing || ' is not stored.';
  end if;
  return null;
end $$`;

/** The parent side: an import, wave or city that rows of the bulk tables still refer to is not deleted, nor its id changed. */
const PARENT_CHECK_FUNCTION = `
create or replace function bulk_parent_unreferenced() returns trigger language plpgsql as $$
declare
  child text;
  held boolean;
begin
  if tg_op = 'UPDATE' and new.id = old.id then return new; end if;
  foreach child in array array[${BULK_CHILD_TABLES.map((t) => `'${t}'`).join(', ')}] loop
    execute format('select exists (select 1 from %I where %I = $1)', child, tg_argv[0]) into held using old.id;
    if held then
      raise exception 'delete or update on table "%" leaves rows of "%" without their %', tg_table_name, child, tg_argv[0]
        using errcode = 'foreign_key_violation';
    end if;
  end loop;
  return case when tg_op = 'DELETE' then old else new end;
end $$`;

/**
 * PostgreSQL only: the foreign keys from the bulk tables to imports, waves
 * and cities become checks made once per statement instead of once per row.
 * A foreign key costs every COPYed row three locking lookups through the
 * trigger machinery, four fifths of an import's COPY; a statement-level
 * trigger with a transition table checks a whole COPY chunk with one join
 * and locks each parent once. The database still refuses a row without its
 * parent and a parent delete that would orphan rows (docs/postgresql.md,
 * "Foreign keys and COPY"). SQLite keeps its foreign keys.
 */
export function setBasedParentChecks(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql.raw(CHILD_CHECK_FUNCTION).execute(db);
      await sql.raw(PARENT_CHECK_FUNCTION).execute(db);
      for (const table of BULK_CHILD_TABLES) {
        for (const column of Object.keys(PARENTS)) {
          await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.ref(`${table}_${column}_fkey`)}`.execute(
            db,
          );
        }
        // Transition tables allow one event per trigger: one for INSERT (and COPY), one for UPDATE.
        for (const event of ['insert', 'update']) {
          await sql
            .raw(
              `create trigger ${table}_parents_${event} after ${event} on ${table} referencing new table as new_rows
               for each statement execute function bulk_rows_have_parents()`,
            )
            .execute(db);
        }
      }
      for (const [column, parent] of Object.entries(PARENTS)) {
        await sql
          .raw(
            `create trigger ${parent}_children_kept before delete or update of id on ${parent}
             for each row execute function bulk_parent_unreferenced('${column}')`,
          )
          .execute(db);
      }
    },
  };
}
