import { describe, expect, it } from 'vitest';
import { appSecret } from '../../src/db/repositories/app-secrets.js';
import { memoryStore } from '../support/test-store.js';

describe('appSecret', () => {
  it('creates a secret once and gives every caller the same value', async () => {
    const store = await memoryStore();
    const now = new Date('2026-06-01T00:00:00Z');
    const [a, b] = await Promise.all([appSecret(store.db, 'csrf', now), appSecret(store.db, 'csrf', now)]);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
    expect(await appSecret(store.db, 'csrf', now)).toBe(a);
    expect(await appSecret(store.db, 'other', now)).not.toBe(a);
    await store.close();
  });

  it('differs between databases (never a constant in the code)', async () => {
    const [s1, s2] = [await memoryStore(), await memoryStore()];
    const now = new Date();
    expect(await appSecret(s1.db, 'csrf', now)).not.toBe(await appSecret(s2.db, 'csrf', now));
    await Promise.all([s1.close(), s2.close()]);
  });
});
