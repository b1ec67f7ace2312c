import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DomainError } from '../domain/domain-error.js';
import { paths } from '../paths.js';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum recommendation; 128·N·r = 32 MiB of memory per hash). */
const PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/**
 * A password hash that carries its own salt and cost parameters, so the cost
 * can be raised later without breaking stored hashes.
 * @example await hashPassword('correct horse battery') // => 'scrypt$32768$8$1$<salt>$<hash>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; constant-time comparison. Unknown formats never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: compared against when the user does not exist, so timing does not tell. */
export const dummyHashPromise = (() => {
  let cached: Promise<string> | undefined;
  return () => (cached ??= hashPassword(randomBytes(16).toString('hex')));
})();

export const MAX_PASSWORD_LENGTH = 256;

/**
 * The characters that make a password long enough (ASVS 2.1.1, after NFKC as
 * 2.1.2 counts them): format characters (zero-width spaces, joiners, bidi
 * marks) and control characters count for nothing, whitespace at either end
 * for nothing, a run of inner whitespace for one.
 * @example passwordLength('\u200b'.repeat(12)) // => 0
 * @example passwordLength('correct  horse\u200b') // => 13
 */
export function passwordLength(password: string): number {
  const visible = password
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Cn}]/gu, '')
    .trim()
    .replace(/\s+/gu, ' ');
  return [...visible].length;
}

let common: ReadonlySet<string> | undefined;
/** fixtures/common-passwords.txt (scripts/common-passwords.ts), read once; compared in lower case without whitespace. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(readFileSync(paths.commonPasswords, 'utf8').split('\n').filter(Boolean).map(commonForm));
  return common;
}
const commonForm = (p: string) => p.normalize('NFKC').toLowerCase().replace(/\s+/gu, '');

/**
 * ASVS 2.1: at least 12 characters as `passwordLength` counts them, at most
 * 256, no composition rules; refused when it is on the shipped list of common
 * and breached passwords (2.1.7) or is one character repeated or a short
 * pattern (fewer than 4 different characters).
 */
export function checkPasswordStrength(password: string): void {
  if (passwordLength(password) < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      'password-weak',
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters (spaces at either end and invisible characters do not count).`,
    );
  }
  if ([...password.normalize('NFKC')].length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('password-too-long', `The password must have at most ${MAX_PASSWORD_LENGTH} characters.`);
  }
  const form = commonForm(password);
  if (new Set(form).size < 4 || commonPasswords().has(form)) {
    throw new DomainError(
      'password-common',
      'This password is among the most common ones attackers try first: choose another (a few unrelated words work well).',
    );
  }
}

/** A random one-time password for new accounts: 20 characters, ~119 bits. */
export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
}
