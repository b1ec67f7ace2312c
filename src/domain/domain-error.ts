import type { ErrorCode } from './error-codes.js';

/**
 * An expected failure: bad input, something not found, a conflict. Carries a
 * stable `code` and a message that is safe to show to a user. Only the web
 * layer maps codes to HTTP statuses; the CLI prints the message.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Further detail lines, each safe to show (e.g. every problem of a file). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
