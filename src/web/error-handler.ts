import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDomainError } from '../domain/domain-error.js';
import { ServerBusyError } from '../offload/heavy-pool.js';
import { statusOf } from './error-status.js';
import { errorMessageNl } from './error-text-nl.js';
import { HttpError } from './http-error.js';
import { pageLocals } from './page-locals.js';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError('page-not-found', `No page at ${req.path}.`));
};

/**
 * The one error handler, registered last: expected errors show their message
 * with their status; anything else is a generic 500, the details only logged.
 * HTML or JSON by what the client accepts (JSON always under /api).
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let status = 500;
  let code: string = 'internal-error';
  let message = 'Something went wrong on our side. The error was logged; please try again.';
  if (error instanceof HttpError) ({ status, code, message } = error);
  else if (isDomainError(error)) {
    ({ code, message } = error);
    status = statusOf(error.code);
  } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
    status = error.status;
    code = error.type ?? 'bad-request';
    message = status === 413 ? 'The upload is too large.' : 'The request could not be read.';
  } else console.error(`[${new Date().toISOString()}] ${req.method} ${req.originalUrl}:`, error);
  res.status(status);
  if (error instanceof ServerBusyError) res.set('Retry-After', String(error.retryAfterSeconds));
  if (req.path.startsWith('/api/') || !req.accepts('html')) {
    res.json({ error: { code, message } });
    return;
  }
  const locals = pageLocals(req, res);
  const shown = locals.lang === 'nl' ? errorMessageNl(code, message) : message;
  res.render('error', { ...locals, status, code, message: shown, title: `${status}` });
};
