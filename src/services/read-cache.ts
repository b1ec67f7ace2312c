import type { Kysely } from 'kysely';
import { readDataVersion } from '../db/repositories/data-version.js';
import type { Database } from '../db/schema.js';

interface VersionedEntries {
  readonly version: string;
  readonly values: Map<string, Promise<unknown>>;
}

/** One cache per open database (a test's in-memory store has its own); emptied whenever the data version moves. */
const caches = new WeakMap<Kysely<Database>, VersionedEntries>();
/** Entries kept per data version: waves × instruments × segments × languages actually asked for. */
const MAX_ENTRIES = 128;

/**
 * `compute()` memoised under `key` and the database's data version
 * (`readDataVersion`, asked on every call: one small query). A hit can never be
 * stale: any import, undo, new city, alias, instrument or peer-group change
 * moves the version, also when another process made it. Concurrent misses of
 * the same key share one computation; a failure is not kept.
 *
 * `compute` must read only what the version covers (imports and their
 * aggregates, waves, cities, aliases, instruments, peer groups).
 */
export async function cachedRead<T>(db: Kysely<Database>, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await readDataVersion(db);
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, values: new Map() };
    caches.set(db, cache);
  }
  const hit = cache.values.get(key);
  if (hit) return hit as Promise<T>;
  const values = cache.values;
  const value = compute();
  if (values.size >= MAX_ENTRIES) values.delete(values.keys().next().value!);
  values.set(key, value);
  value.catch(() => {
    if (values.get(key) === value) values.delete(key);
  });
  return value;
}
