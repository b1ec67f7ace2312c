import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/db/migrations/index.js';
import type { Database } from '../../src/db/schema.js';
import { findUserRowByName } from '../../src/db/repositories/users.js';

/** A database at migration 0012 with these user names stored as they were then; returns it and its migrator. */
async function at0012(names: string[]) {
  const sqlite = new SQLite(':memory:');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
  expect((await migrator.migrateTo('0012_original_encoding')).error).toBeUndefined();
  const insert = sqlite.prepare(
    "INSERT INTO users (name, role, password_hash, must_change_password, created_at) VALUES (?, 'viewer', 'scrypt$x', ?, '2026-01-01')",
  );
  names.forEach((name, i) => insert.run(name, i === 0 ? 1 : 0));
  return { db, migrator };
}

describe('migration 0013: one normal form for stored user names', () => {
  it('rewrites NFD, fullwidth and upper-case names to their NFKC case-folded form, so lookups find them', async () => {
    const { db, migrator } = await at0012(['jose\u0301', 'ＢＥＡ', 'Carl', 'dora']);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const names = (await db.selectFrom('users').select('name').orderBy('id').execute()).map((r) => r.name);
    expect(names).toEqual(['jos\u00e9', 'bea', 'carl', 'dora']);
    expect((await findUserRowByName(db, 'JOSÉ'))?.name).toBe('josé');
    // A one-time password stored before the migration gets an expiry; chosen passwords none.
    const rows = await db.selectFrom('users').select(['name', 'password_expires_at']).orderBy('id').execute();
    expect(rows[0]!.password_expires_at).not.toBeNull();
    expect(rows.slice(1).map((r) => r.password_expires_at)).toEqual([null, null, null]);
    await db.destroy();
  });

  it('refuses, naming both users, when two stored names become one, and changes nothing', async () => {
    const { db, migrator } = await at0012(['admin', 'ａｄｍｉｎ', 'Eva', 'EVA']);
    const { error } = await migrator.migrateToLatest();
    expect(String(error)).toContain(
      '"admin" (#1) and "ａｄｍｉｎ" (#2) are both "admin"; "Eva" (#3) and "EVA" (#4) are both "eva"',
    );
    expect(String(error)).toContain('Rename or delete one of each pair');
    const names = (await db.selectFrom('users').select('name').orderBy('id').execute()).map((r) => r.name);
    expect(names).toEqual(['admin', 'ａｄｍｉｎ', 'Eva', 'EVA']);
    const applied = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
    expect(applied).not.toContain('0013_sign_in_hardening');
    await db.destroy();
  });
});
