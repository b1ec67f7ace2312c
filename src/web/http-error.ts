import type { ErrorCode } from '../domain/error-codes.js';
import { ERROR_STATUS } from './error-status.js';

/** An expected HTTP failure with a stable code (its status from `ERROR_STATUS`) and a message safe to show. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = ERROR_STATUS[code];
  }
}
