import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';
import { columnTypes } from './column-types.js';

/** Tables of the first release. Types branch only where SQLite and PostgreSQL differ. */
export function init(dialect: DialectName): Migration {
  const { id, text, real, blob } = columnTypes(dialect);

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('instruments')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('version', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('definition', text, (c) => c.notNull())
        .addColumn('sha256', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('waves')
        .addColumn('id', 'integer', id)
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('instrument_id', text, (c) => c.notNull().references('instruments.id'))
        .addColumn('created_at', text, (c) => c.notNull())
        .addUniqueConstraint('waves_year_instrument', ['year', 'instrument_id'])
        .execute();

      await db.schema
        .createTable('cities')
        .addColumn('id', 'integer', id)
        .addColumn('slug', text, (c) => c.notNull().unique())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('name_key', text, (c) => c.notNull())
        .addColumn('country', text, (c) => c.notNull())
        .addColumn('population', 'integer')
        .addColumn('source', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addUniqueConstraint('cities_country_name', ['country', 'name_key'])
        .execute();

      await db.schema
        .createTable('city_aliases')
        .addColumn('city_id', 'integer', (c) => c.notNull().references('cities.id').onDelete('cascade'))
        .addColumn('alias_key', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('city_aliases_pk', ['city_id', 'alias_key'])
        .execute();
      await db.schema.createIndex('city_aliases_alias').on('city_aliases').column('alias_key').execute();

      await db.schema
        .createTable('imports')
        .addColumn('id', 'integer', id)
        .addColumn('wave_id', 'integer', (c) => c.notNull().references('waves.id'))
        .addColumn('file_name', text, (c) => c.notNull())
        .addColumn('sha256', text, (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('content_gzip', blob, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('undone_at', text)
        .addColumn('respondents', 'integer', (c) => c.notNull())
        .addColumn('answers', 'integer', (c) => c.notNull())
        .addColumn('warnings', 'integer', (c) => c.notNull())
        .addColumn('invalid_cells', 'integer', (c) => c.notNull())
        .addColumn('issues', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('imports_sha256').on('imports').column('sha256').execute();

      await db.schema
        .createTable('respondents')
        .addColumn('id', 'integer', id)
        .addColumn('import_id', 'integer', (c) => c.notNull().references('imports.id'))
        .addColumn('wave_id', 'integer', (c) => c.notNull().references('waves.id'))
        .addColumn('city_id', 'integer', (c) => c.notNull().references('cities.id'))
        .addColumn('respondent_key', text, (c) => c.notNull())
        .addColumn('segments', text)
        .addColumn('texts', text)
        .addColumn('weight', real)
        .addColumn('answers', text, (c) => c.notNull())
        .addUniqueConstraint('respondents_wave_key', ['wave_id', 'respondent_key'])
        .execute();
      await db.schema.createIndex('respondents_import').on('respondents').column('import_id').execute();
      await db.schema.createIndex('respondents_wave_city').on('respondents').columns(['wave_id', 'city_id']).execute();
    },
  };
}
