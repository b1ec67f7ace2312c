import type { Role } from '../../auth/role.js';

/** Who made a request, as the authenticate middleware found it. */
export interface AuthUser {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly mustChangePassword: boolean;
  /** 'session' (browser, cookie + CSRF) or 'token' (Authorization: Bearer, CSRF-exempt). */
  readonly via: 'session' | 'token';
  /** SHA-256 of the session id (sessions only): ties CSRF tokens to the session. */
  readonly sessionIdHash?: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by `authenticate` on every request that reaches a route, except the public ones. */
      user?: AuthUser;
    }
  }
}
