import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/** A city's own targets per dimension and wave (score 0–100), set by analysts. */
export function cityTargets(dialect: DialectName = 'sqlite'): Migration {
  const { text, real } = columnTypes(dialect);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('city_targets')
        .addColumn('city_id', 'integer', (c) => c.notNull().references('cities.id'))
        .addColumn('instrument_id', text, (c) => c.notNull())
        .addColumn('wave', 'integer', (c) => c.notNull())
        .addColumn('dimension', text, (c) => c.notNull())
        .addColumn('value', real, (c) => c.notNull())
        .addColumn('set_by', text, (c) => c.notNull())
        .addColumn('set_at', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('city_targets_pk', ['city_id', 'instrument_id', 'wave', 'dimension'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('city_targets').execute();
    },
  };
}
