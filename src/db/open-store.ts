import type { Config } from '../config.js';
import { openSqlite, type Store } from './create-db.js';
import { createPostgresStore, isPostgresUrl } from './create-postgres.js';

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set
 * (or when `dbPath` itself is a postgres:// URL, as `--db` may give), else
 * the SQLite file.
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<Store> {
  if (isPostgresUrl(config.dbPath)) return createPostgresStore(config.dbPath);
  if (config.databaseUrl) {
    if (!isPostgresUrl(config.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// (or postgresql://); unset it to use the SQLite file.');
    }
    return createPostgresStore(config.databaseUrl);
  }
  return openSqlite(config.dbPath);
}

