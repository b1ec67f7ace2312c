import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPasswordStrength, hashPassword, passwordLength, verifyPassword } from '../../src/auth/password.js';
import { paths } from '../../src/paths.js';
import { roleAtLeast } from '../../src/auth/role.js';
import { findUserRowByName } from '../../src/db/repositories/users.js';
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

describe('password policy (ASVS 2.1)', () => {
  it('counts length after NFKC, without invisible characters or spaces at either end', () => {
    expect(passwordLength('\u200b'.repeat(12))).toBe(0);
    expect(passwordLength(' '.repeat(12))).toBe(0);
    expect(passwordLength('ａｂｃ')).toBe(3); // fullwidth: 3 characters after NFKC
    expect(passwordLength('correct  horse\u200b')).toBe(13); // 7 + 1 (a run of spaces) + 5
  });

  it.each([
    ['twelve spaces', ' '.repeat(12)],
    ['twelve zero-width spaces', '\u200b'.repeat(12)],
    ['twelve zero-width joiners and non-joiners', '\u200d\u200c'.repeat(6)],
    ['one letter and eleven spaces', `a${' '.repeat(11)}`],
    ['eleven letters padded with zero-width spaces', `abcdefghijk${'\u200b'.repeat(5)}`],
    ['eleven letters padded with spaces at the end', `abcdefghijk${' '.repeat(5)}`],
  ])('refuses %s as too short', (_name, password) => {
    expect(() => checkPasswordStrength(password)).toThrow('at least 12 characters');
  });

  it.each([
    'passwordpassword',
    'Password1234',
    'QWERTYUIOPASDF',
    '123456789012',
    'iloveyou2024',
    'P@ssw0rd2025',
    'welcome12345',
    'aaaaaaaaaaaaaaaa',
    'abababababababab',
  ])('refuses the common or repetitive password %j', (password) =>
    expect(() => checkPasswordStrength(password)).toThrow('among the most common ones'),
  );

  it('ships a list of common passwords of 12 or more characters (fixtures/common-passwords.txt)', () => {
    const list = readFileSync(paths.commonPasswords, 'utf8').split('\n').filter(Boolean);
    expect(list.length).toBeGreaterThan(3000);
    expect(list.every((p) => [...p].length >= 12)).toBe(true);
  });

  it('accepts long passphrases in any script, with inner spaces', () => {
    for (const p of ['correct horse battery staple', 'Ελληνικά κωδικός', 'twelve chars', 'test-password-123'])
      expect(() => checkPasswordStrength(p)).not.toThrow();
    expect(() => checkPasswordStrength('x'.repeat(200) + 'y'.repeat(57))).toThrow('at most 256 characters');
  });
});
