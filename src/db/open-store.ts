import type { Config } from '../config.js';
import { openSqlite, type Store } from './create-db.js';

/**
 * The database the configuration names: PostgreSQL when DATABASE_URL is set,
 * else the SQLite file (`dbPath`, or an explicit `--db` path).
 */
export async function openStore(config: Pick<Config, 'dbPath' | 'databaseUrl'>): Promise<Store> {
  if (config.databaseUrl) {
    throw new Error('DATABASE_URL is set, but PostgreSQL support is not built yet: unset it to use SQLite.');
  }
  return openSqlite(config.dbPath);
}
