import type { Config } from '../config.js';
import { openSqlite, type Store } from './create-db.js';
import { createPostgresStore, isPostgresUrl } from './create-postgres.js';

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set,
 * else the SQLite file (`dbPath`, or an explicit `--db` path).
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    if (!isPostgresUrl(config.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// (or postgresql://); unset it to use the SQLite file.');
    }
    return createPostgresStore(config.databaseUrl);
  }
  return openSqlite(config.dbPath);
}
