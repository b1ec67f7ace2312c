import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readImportOriginal } from '../../src/db/repositories/imports.js';
import { migrationProvider } from '../../src/db/migrations/index.js';
import type { Database } from '../../src/db/schema.js';

describe('migration 0012 (the kept original compressed with Brotli)', () => {
  it('keeps the originals stored before it as gzip, readable byte for byte', async () => {
    const sqlite = new SQLite(':memory:');
    sqlite.pragma('foreign_keys = OFF'); // only the imports' columns matter here
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
    expect((await migrator.migrateTo('0011_question_moments')).error).toBeUndefined();

    // An import as 0011 stored it: the start of one gzip stream inline, the rest in a part.
    const original = Buffer.from('respondent_id,city\nr1,Gent\nr2,Liège €\n', 'utf8');
    const gzip = gzipSync(original);
    sqlite
      .prepare(
        `INSERT INTO imports (id, wave_id, file_name, sha256, size_bytes, content_gzip, status, created_by, created_at, respondents, answers, warnings, invalid_cells, issues)
         VALUES (7, 1, 'old.csv', 'abc', ?, ?, 'committed', 'test', '2026-01-01', 2, 0, 0, 0, '[]')`,
      )
      .run(original.length, gzip.subarray(0, 10));
    sqlite.prepare('INSERT INTO import_content_parts (import_id, part, gzip) VALUES (7, 0, ?)').run(gzip.subarray(10));

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const row = await db
      .selectFrom('imports')
      .select(['content_encoding'])
      .where('id', '=', 7)
      .executeTakeFirstOrThrow();
    expect(row.content_encoding).toBe('gzip');
    expect((await readImportOriginal(db, 7)).equals(original)).toBe(true);
    await db.destroy();
  });
});
