import { afterAll, describe, expect, it } from 'vitest';
import { savePeerGroup } from '../../src/db/repositories/peer-groups.js';
import { cachedRead, READ_CACHE_LIMITS, readCacheSize, withDataVersionAhead } from '../../src/services/read-cache.js';
import { referenceStore } from '../support/test-store.js';

const store = await referenceStore();
afterAll(() => store.close());

const MiB = 1024 * 1024;
const bytes = (b: Buffer) => b.byteLength;

describe('cachedRead: bounded per data version', () => {
  it('keeps at most READ_CACHE_LIMITS.bytes of large values, dropping the least recently used first', async () => {
    expect(READ_CACHE_LIMITS.bytes).toBe(32 * MiB);
    let computed = 0;
    const read = (key: string) => cachedRead(store.db, key, async () => (computed++, Buffer.alloc(4 * MiB)), { bytes });
    for (let i = 0; i < 8; i++) await read(`file-${i}`); // 8 × 4 MiB = the bound exactly
    expect(readCacheSize(store.db)).toEqual({ entries: 8, bytes: 32 * MiB });
    await read('file-0'); // a hit: file-0 becomes the most recently used
    expect(computed).toBe(8);
    await read('file-8'); // 36 MiB: the least recently used (file-1) leaves
    expect(readCacheSize(store.db)).toEqual({ entries: 8, bytes: 32 * MiB });
    await read('file-0');
    expect(computed).toBe(9); // still there
    await read('file-1');
    expect(computed).toBe(10); // was dropped, computed again (and file-2 left for it)
    expect(readCacheSize(store.db).bytes).toBeLessThanOrEqual(READ_CACHE_LIMITS.bytes);
  });

  it('does not keep a single value larger than the bound, nor drop the others for it', async () => {
    const before = readCacheSize(store.db);
    const big = await cachedRead(store.db, 'too-big', async () => Buffer.alloc(33 * MiB), { bytes });
    expect(big.byteLength).toBe(33 * MiB);
    expect(readCacheSize(store.db)).toEqual(before);
  });

  it('bounds values of a stated size by bytes and the others by count, so neither pushes the other out', async () => {
    let computed = 0;
    const file = (key: string) => cachedRead(store.db, key, async () => (computed++, Buffer.alloc(1024)), { bytes });
    const small = (key: string) => cachedRead(store.db, key, async () => (computed++, { key }));
    // More files than the entry bound of the unsized values: all kept (1 KiB each, far under the byte bound).
    for (let i = 0; i < READ_CACHE_LIMITS.entries + 10; i++) await file(`report-${i}`);
    for (let i = 0; i < READ_CACHE_LIMITS.entries + 10; i++) await small(`view-${i}`);
    const before = computed;
    await file('report-0'); // still there: the views did not push it out
    await small(`view-${READ_CACHE_LIMITS.entries + 9}`);
    expect(computed).toBe(before);
    await small('view-0'); // the first ten views left for the newer views only
    expect(computed).toBe(before + 1);
    expect(READ_CACHE_LIMITS.sizedEntries).toBeGreaterThanOrEqual(1024);
  });

  it('drops every entry when the data version moves', async () => {
    await cachedRead(store.db, 'file-x', async () => Buffer.alloc(MiB), { bytes });
    expect(readCacheSize(store.db).entries).toBeGreaterThan(1);
    await savePeerGroup(store.db, 'cache-test', 'Gent,Antwerpen', '2026-06-03T00:00:00Z');
    await cachedRead(store.db, 'file-y', async () => Buffer.alloc(MiB), { bytes });
    expect(readCacheSize(store.db)).toEqual({ entries: 1, bytes: MiB });
  });
});

describe('withDataVersionAhead: the version asked at the start of a request', () => {
  it('serves the request with the version read when it started, and the next request with the new one', async () => {
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cachedRead(store.db, 'ahead', compute)).toBe(1);
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let asked!: () => void;
    const versionRead = new Promise<void>((resolve) => (asked = resolve));
    const request = withDataVersionAhead(store.db, async () => {
      await cachedRead(store.db, 'ahead-other', async () => 0); // waits for the version asked ahead
      asked();
      await paused;
      return cachedRead(store.db, 'ahead', compute);
    });
    await versionRead;
    // Committed after the request asked for the version: that request still sees the state it started on.
    await savePeerGroup(store.db, 'ahead-test', 'Gent,Antwerpen', '2026-06-04T00:00:00Z');
    resume();
    expect(await request).toBe(1);
    expect(await withDataVersionAhead(store.db, () => cachedRead(store.db, 'ahead', compute))).toBe(2);
    expect(await cachedRead(store.db, 'ahead', compute)).toBe(2);
  });
});
