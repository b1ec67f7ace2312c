import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { withBulkWrites } from '../../src/db/bulk/bulk-writes.js';
import { openSqlite } from '../../src/db/create-db.js';

const dir = mkdtempSync(join(tmpdir(), 'bulk-writes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = (sqlite: SQLite.Database) => ({
  journal: sqlite.pragma('journal_mode', { simple: true }),
  foreignKeys: sqlite.pragma('foreign_keys', { simple: true }),
  synchronous: sqlite.pragma('synchronous', { simple: true }),
});

describe('withBulkWrites (the CLI import on SQLite)', () => {
  it('writes through a rollback journal without foreign-key checks when the database is its own, and restores WAL after', async () => {
    const store = await openSqlite(join(dir, 'alone.sqlite'));
    const sqlite = store.sqlite!;
    const before = settings(sqlite);
    expect(before).toEqual({ journal: 'wal', foreignKeys: 1, synchronous: 1 });
    const inside = await withBulkWrites(sqlite, async () => settings(sqlite));
    expect(inside).toEqual({ journal: 'delete', foreignKeys: 0, synchronous: 2 });
    expect(settings(sqlite)).toEqual(before);

    // A failure inside restores them too.
    await expect(withBulkWrites(sqlite, async () => Promise.reject(new Error('import failed')))).rejects.toThrow(
      'import failed',
    );
    expect(settings(sqlite)).toEqual(before);
    await store.close();
  });

  it('leaves WAL and the checks on when another connection has the database open (a running server)', async () => {
    const store = await openSqlite(join(dir, 'shared.sqlite'));
    const sqlite = store.sqlite!;
    const other = new SQLite(join(dir, 'shared.sqlite'));
    other.prepare('select count(*) from cities').get();
    const inside = await withBulkWrites(sqlite, async () => settings(sqlite));
    expect(inside).toEqual({ journal: 'wal', foreignKeys: 1, synchronous: 1 });
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    other.close();
    await store.close();
  });
});
