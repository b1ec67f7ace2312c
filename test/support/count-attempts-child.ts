/**
 * One "app process" of the SQLite multi-process throttle test: opens the
 * database file given as argv[2], counts argv[3] login attempts for one key
 * at once, and prints how many were let through (not over the limit).
 */
import { openSqlite } from '../../src/db/create-db.js';
import { countAttempt } from '../../src/db/repositories/login-attempts.js';

const [path, n] = process.argv.slice(2);
const store = await openSqlite(path!);
const now = new Date('2026-06-01T08:00:00Z');
const results = await Promise.all(
  Array.from({ length: Number(n) }, () => countAttempt(store.db, [{ key: 'name|nora|10.0.0.9', max: 5 }], now)),
);
await store.close();
process.stdout.write(String(results.filter((r) => r === null).length));
