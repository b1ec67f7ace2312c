import { afterEach, describe, expect, it } from 'vitest';
import { createApiToken, listApiTokens, useApiToken } from '../../src/db/repositories/api-tokens.js';
import type { Store } from '../../src/db/create-db.js';
import { insertUser } from '../../src/services/accounts.js';
import { memoryStore } from '../support/test-store.js';

let store: Store | undefined;
afterEach(async () => store?.close());

describe('API token use (issue 8: no write per request)', () => {
  it('writes last used at most once a minute, so it is at most a minute behind', async () => {
    store = await memoryStore();
    const t0 = new Date('2026-06-01T10:00:00.000Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const { id: userId } = await insertUser(store.db, {
      name: 'api-user',
      role: 'viewer',
      password: 'a-long-password-1',
      now: t0,
    });
    const { token } = await createApiToken(store.db, { userId, label: 'bench', now: t0 });
    const lastUsed = async () => (await listApiTokens(store!.db))[0]!.lastUsedAt;

    expect(await lastUsed()).toBeNull();
    expect((await useApiToken(store.db, token, t0))?.name).toBe('api-user');
    expect(await lastUsed()).toBe('2026-06-01T10:00:00.000Z'); // first use: written
    await useApiToken(store.db, token, at(59_999));
    expect(await lastUsed()).toBe('2026-06-01T10:00:00.000Z'); // within the minute: not written
    expect((await useApiToken(store.db, token, at(60_000)))?.name).toBe('api-user');
    expect(await lastUsed()).toBe('2026-06-01T10:01:00.000Z'); // a minute later: written
  });
});
