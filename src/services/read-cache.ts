import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { readDataVersion } from '../db/repositories/data-version.js';
import type { Database } from '../db/schema.js';

interface Entry {
  readonly value: Promise<unknown>;
  /** What the value holds in large buffers, once it resolved (0 until then, and for small values). */
  bytes: number;
  /** Counted against the byte bound (its size is stated), not against the entry bound. */
  readonly sized: boolean;
}

interface VersionedEntries {
  readonly version: string;
  /** In order of use: the first is the least recently used. */
  readonly entries: Map<string, Entry>;
  bytes: number;
  /** Entries of each kind, for their bounds. */
  count: { sized: number; unsized: number };
}

/** One cache per open database (a test's in-memory store has its own); emptied whenever the data version moves. */
const caches = new WeakMap<Kysely<Database>, VersionedEntries>();

/**
 * Bounds of one database's cache. Values that state their size (prepared JSON
 * bodies, report files) are bounded by their bytes (`bytes`; at most
 * `sizedEntries` of them): a viewer can ask for any number of distinct reports
 * or seeds. The others (scorings, views: waves × instruments × segments actually
 * asked for) by their number (`entries`). Separate bounds, so that the reports
 * of every city and language fit beside the scorings instead of pushing each
 * other out in turn.
 */
export const READ_CACHE_LIMITS = { entries: 128, sizedEntries: 1024, bytes: 32 * 1024 * 1024 } as const;

export interface CacheOptions<T> {
  /** The value's size in bytes, for values that hold large buffers; counted against `READ_CACHE_LIMITS.bytes`. */
  readonly bytes?: (value: T) => number;
}

/**
 * `compute()` memoised under `key` and the database's data version
 * (`readDataVersion`, asked on every call: one small query). A hit can never be
 * stale: any import, undo, new city, alias, instrument or peer-group change
 * moves the version, also when another process made it. Concurrent misses of
 * the same key share one computation; a failure is not kept. The least
 * recently used entries leave first when a bound is reached.
 *
 * `compute` must read only what the version covers (imports and their
 * aggregates, waves, cities, aliases, instruments, peer groups).
 */
export async function cachedRead<T>(
  db: Kysely<Database>,
  key: string,
  compute: () => Promise<T>,
  options: CacheOptions<T> = {},
): Promise<T> {
  const ahead = prefetched.getStore();
  const version = await (ahead?.db === db ? ahead.version : readDataVersion(db));
  let cache = caches.get(db);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map(), bytes: 0, count: { sized: 0, unsized: 0 } };
    caches.set(db, cache);
  }
  const { entries } = cache;
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  const sized = options.bytes !== undefined;
  const entry: Entry = { value, bytes: 0, sized };
  const bound = sized ? READ_CACHE_LIMITS.sizedEntries : READ_CACHE_LIMITS.entries;
  while ((sized ? cache.count.sized : cache.count.unsized) >= bound) removeOldest(cache, sized);
  entries.set(key, entry);
  cache.count[sized ? 'sized' : 'unsized']++;
  const owner = cache;
  value.then(
    (v) => {
      if (entries.get(key) !== entry || !options.bytes) return;
      const size = options.bytes(v);
      // A value larger than the whole bound is served, not kept (nor does it push the others out).
      if (size > READ_CACHE_LIMITS.bytes) return remove(owner, key);
      entry.bytes = size;
      owner.bytes += size;
      while (owner.bytes > READ_CACHE_LIMITS.bytes) removeOldest(owner, true);
    },
    () => {
      if (entries.get(key) === entry) remove(owner, key);
    },
  );
  return value;
}

function remove(cache: VersionedEntries, key: string): void {
  const entry = cache.entries.get(key);
  if (!entry) return;
  cache.bytes -= entry.bytes;
  cache.count[entry.sized ? 'sized' : 'unsized']--;
  cache.entries.delete(key);
}

/** Drops the least recently used entry of one kind (the map is in order of use). */
function removeOldest(cache: VersionedEntries, sized: boolean): void {
  for (const [key, entry] of cache.entries) {
    if (entry.sized === sized) return remove(cache, key);
  }
}

/** How full the database's cache is (for tests and the load benchmark). */
export function readCacheSize(db: Kysely<Database>): { readonly entries: number; readonly bytes: number } {
  const cache = caches.get(db);
  return { entries: cache?.entries.size ?? 0, bytes: cache?.bytes ?? 0 };
}

const prefetched = new AsyncLocalStorage<{ readonly db: Kysely<Database>; readonly version: Promise<string> }>();

/**
 * Runs `fn` (the rest of one read request) with the data version already
 * asked for, so that `cachedRead` waits for the answer instead of sending the
 * query then: on PostgreSQL it travels alongside the request's sign-in lookup
 * and a cached read costs one round trip to the server, not two in a row.
 * Read at the start of the request, so as fresh as asking later in it.
 */
export function withDataVersionAhead<T>(db: Kysely<Database>, fn: () => T): T {
  const version = readDataVersion(db);
  version.catch(() => undefined);
  return prefetched.run({ db, version }, fn);
}
