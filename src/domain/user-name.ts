import { DomainError } from './domain-error.js';

/**
 * The one identity of a user name, used for lookups, creation and the login
 * throttle key alike: NFKC (compatibility forms fold: fullwidth `ａｄｍｉｎ` is
 * `admin`, NFD `jose\u0301` is NFC `josé`) and then a case fold (upper, then
 * lower, so `ß`/`SS` and `ſ`/`s` meet), normalised again since casing can
 * leave a string unnormalised. Surrounding whitespace never counts.
 * @example userNameKey(' ＡＤＭＩＮ ') // => 'admin'
 * @example userNameKey('JOSE\u0301') === userNameKey('josé') // => true
 */
export function userNameKey(name: string): string {
  return name.normalize('NFKC').trim().toUpperCase().toLowerCase().normalize('NFKC');
}

export const USER_NAME_MAX = 64;

/**
 * A user name as stored: its key, which must be 2–64 letters, digits, ".",
 * "-", "_" or "@" (no spaces or invisible characters to confuse in logs).
 * @example parseUserName('Ana') // => 'ana'
 */
export function parseUserName(name: string): string {
  const key = userNameKey(name);
  if (!/^[\p{L}\p{M}\p{N}._@-]{2,64}$/u.test(key) || [...key].length > USER_NAME_MAX) {
    throw new DomainError(
      'user-name-invalid',
      `User name "${cleanForLog(name, USER_NAME_MAX)}" is not valid: use 2–64 letters, digits, ".", "-", "_" or "@".`,
    );
  }
  return key;
}

/**
 * Text typed by anyone (a name at the login form) made safe to keep in a log:
 * control and format characters (newlines, NUL, bidi overrides, zero-width)
 * removed, cut to `max` characters.
 * @example cleanForLog('ana\r\nadmin\u202e', 64) // => 'anaadmin'
 */
export function cleanForLog(text: string, max: number): string {
  return [...text.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')].slice(0, max).join('');
}
