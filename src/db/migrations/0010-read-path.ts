import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/**
 * The read path: a covering index over the imports' columns that
 * every request reads (wave, status, synthetic, respondents; the data
 * version, `listWaves`, the synthetic flag). On SQLite an import row that
 * still holds its file inline (`content_gzip`, imports stored before the file
 * went to `import_content_parts`) put the overflow pages of the file in front
 * of `status` and `respondents`, on every request (docs/performance.md).
 */
export function readPath(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('imports_read')
        .on('imports')
        .columns(['wave_id', 'status', 'synthetic', 'respondents'])
        .execute();
    },
  };
}
