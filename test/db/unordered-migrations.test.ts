import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/db/create-db.js';

describe('migrations merged out of order', () => {
  it('runs 0014 (city targets) on a database that already ran 0016', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-migrations-'));
    const file = join(dir, 'db.sqlite');
    try {
      const first = await openSqlite(file);
      // As a database made by main before 0014 was merged: no 0014 row, no city_targets table.
      await sql`delete from kysely_migration where name = '0014_city_targets'`.execute(first.db);
      await sql`drop table city_targets`.execute(first.db);
      await first.close();
      const again = await openSqlite(file);
      const names = (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db)
      ).rows.map((r) => r.name);
      expect(names).toContain('0014_city_targets');
      expect(names).toContain('0016_score_ranges');
      await sql`select count(*) from city_targets`.execute(again.db);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
