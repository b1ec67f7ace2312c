import type { ColumnDefinitionBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../dialect-name.js';

/** The name key as this migration defined it, copied so that later changes to the live rule cannot change it. */
function userNameKey(name: string): string {
  return name.normalize('NFKC').trim().toUpperCase().toLowerCase().normalize('NFKC');
}

/**
 * Sign-in hardening: every login attempt is stored, to be counted before the
 * password is checked (`login_attempts`; the failure-only `login_failures`
 * goes, holding at most 15 minutes of data); one-time passwords get an expiry; stored user
 * names are brought to the one normal form of `userNameKey` below (NFKC + case
 * fold). Two names that become the same stop the migration with both named,
 * before anything is changed.
 */
export function signInHardening(dialect: DialectName): Migration {
  const id = (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
  return {
    async up(db: Kysely<any>) {
      const users = (await db.selectFrom('users').select(['id', 'name']).orderBy('id').execute()) as {
        id: number;
        name: string;
      }[];
      const byKey = new Map<string, { id: number; name: string }>();
      const clashes: string[] = [];
      for (const u of users) {
        const key = userNameKey(u.name);
        const other = byKey.get(key);
        if (other) clashes.push(`"${other.name}" (#${other.id}) and "${u.name}" (#${u.id}) are both "${key}"`);
        else byKey.set(key, u);
      }
      if (clashes.length > 0) {
        throw new Error(
          `user names that differ only in case, accents' encoding or width must become one: ${clashes.join('; ')}. ` +
            "Rename or delete one of each pair in the users table (e.g. UPDATE users SET name = 'ana-2' WHERE id = 7), then start again.",
        );
      }
      for (const u of users) {
        const key = userNameKey(u.name);
        if (key !== u.name) await db.updateTable('users').set({ name: key }).where('id', '=', u.id).execute();
      }

      await db.schema.alterTable('users').addColumn('password_expires_at', 'text').execute();
      // One-time passwords issued before this migration expire like new ones, counted from now (the default 72 h).
      const expires = new Date(Date.now() + 72 * 3600 * 1000).toISOString();
      await db
        .updateTable('users')
        .set({ password_expires_at: expires })
        .where('must_change_password', '=', 1)
        .execute();

      await db.schema.dropTable('login_failures').execute();
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'integer', id)
        .addColumn('attempt_key', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_key_at')
        .on('login_attempts')
        .columns(['attempt_key', 'at'])
        .execute();
      // Rate-limited audit events look up recent events of one action.
      await db.schema.createIndex('audit_log_action_at').on('audit_log').columns(['action', 'at']).execute();
    },
  };
}
