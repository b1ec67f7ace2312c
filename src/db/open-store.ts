import type { Config } from '../config.js';
import { openSqlite, type Store } from './create-db.js';

/** True for a postgres:// or postgresql:// connection URL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** The PostgreSQL driver is loaded only when a PostgreSQL URL is given (the SQLite CLI starts faster without it). */
async function openPostgres(url: string): Promise<Store> {
  const { createPostgresStore } = await import('./create-postgres.js');
  return createPostgresStore(url);
}

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set
 * (or when `dbPath` itself is a postgres:// URL, as `--db` may give), else
 * the SQLite file.
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<Store> {
  if (isPostgresUrl(config.dbPath)) return openPostgres(config.dbPath);
  if (config.databaseUrl) {
    if (!isPostgresUrl(config.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// (or postgresql://); unset it to use the SQLite file.');
    }
    return openPostgres(config.databaseUrl);
  }
  return openSqlite(config.dbPath);
}
