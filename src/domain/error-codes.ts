/**
 * The catalogue of expected failures: every code a `DomainError` or an
 * `HttpError` carries. Stable strings that scripts and tests may rely on;
 * src/web/error-status.ts gives each its HTTP status (the compiler checks
 * that none is missing). Import issue codes (a file's problems) are not: docs/import.md
 * describes them and src/web/presenters/import-issue-text.ts words each in Dutch; the two
 * that refuse a whole import are here too.
 */
export const ERROR_CODES = [
  // Input that cannot be read
  'query-invalid',
  'wave-invalid',
  'wave-missing',
  'peers-invalid',
  'segment-invalid',
  'format-invalid',
  'lang-invalid',
  'option-invalid',
  'role-invalid',
  'token-id-invalid',
  'user-name-invalid',
  'peer-group-name-invalid',
  'instrument-invalid',
  'instrument-ambiguous',
  'password-weak',
  'password-too-long',
  'password-mismatch',
  'password-missing',
  'password-common',
  'password-current-wrong',
  'password-unchanged',
  'city-missing',
  'upload-invalid',
  'upload-missing',
  'file-binary',
  'csv-quotes',
  'workbook-too-large',
  'workbook-unreadable',
  'country-invalid',
  'city-invalid',
  'city-map-invalid',
  'cannot-disable-self',
  'out-unwritable',
  'import-refused',
  'target-invalid',
  'body-invalid',
  'form-invalid',
  'raise-invalid',
  'user-exists',
  'user-disabled',
  // Not found
  'city-not-found',
  'city-not-in-wave',
  'city-not-in-segment',
  'dimension-not-found',
  'file-not-found',
  'sheet-not-found',
  'format-not-found',
  'import-not-found',
  'instrument-not-found',
  'no-data',
  'page-not-found',
  'peer-group-not-found',
  'peer-not-found',
  'token-not-found',
  'upload-not-found',
  'user-not-found',
  'wave-not-found',
  // Conflicts with what is stored
  'duplicate-file',
  'respondent-exists',
  'instrument-exists',
  'import-undone',
  // Who may do what
  'sign-in-required',
  'token-invalid',
  'csrf-invalid',
  'forbidden',
  'password-change-required',
  // Too many attempts
  'password-throttled',
  // Size
  'upload-too-large',
  // The worker pool's queue is full (try again later)
  'server-busy',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
