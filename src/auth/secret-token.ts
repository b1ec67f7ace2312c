import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret with 256 random bits, and the prefix that tells what it is: `mrt_…` token, `mrs_…` session. */
export function newSecret(prefix: 'mrt' | 'mrs'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What the database stores instead of a session id or API token: its SHA-256, hex. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
