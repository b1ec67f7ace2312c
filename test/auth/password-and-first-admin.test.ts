import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../../src/auth/password.js';
import { roleAtLeast } from '../../src/auth/role.js';
import { findUserRowByName } from '../../src/db/users.js';
import { ensureFirstAdmin } from '../../src/services/first-admin.js';
import { memoryStore } from '../support/test-store.js';

describe('passwords', () => {
  it('hashes with scrypt, a random salt and the parameters stored alongside', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('refuses passwords under 12 characters (counted as characters, not bytes)', () => {
    expect(() => checkPasswordStrength('elevenchars')).toThrow('at least 12 characters');
    expect(() => checkPasswordStrength('twelve chars')).not.toThrow();
    expect(() => checkPasswordStrength('ééééééééééé')).toThrow(); // 11 characters, 22 bytes
  });

  it('orders roles viewer < analyst < admin', () => {
    expect(roleAtLeast('admin', 'analyst')).toBe(true);
    expect(roleAtLeast('analyst', 'analyst')).toBe(true);
    expect(roleAtLeast('viewer', 'analyst')).toBe(false);
  });
});

describe('first start', () => {
  it('creates admin with a random one-time password only while there are no users', async () => {
    const store = await memoryStore();
    const first = await ensureFirstAdmin(store.db, new Date('2026-06-01T00:00:00Z'), 72 * 3600 * 1000);
    expect(first?.name).toBe('admin');
    expect(first!.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const row = (await findUserRowByName(store.db, 'admin'))!;
    expect(row).toMatchObject({ role: 'admin', must_change_password: 1 });
    expect(row.password_hash).not.toContain(first!.password);
    expect(await verifyPassword(first!.password, row.password_hash)).toBe(true);
    expect(await ensureFirstAdmin(store.db, new Date(), 72 * 3600 * 1000)).toBeNull();
    const other = await ensureFirstAdmin((await memoryStore()).db, new Date(), 72 * 3600 * 1000);
    expect(other!.password).not.toBe(first!.password);
    await store.close();
  });
});
