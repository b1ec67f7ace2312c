import type { RequestHandler } from 'express';

/**
 * Starts the handling of at most one request per turn of the event loop, in
 * order of arrival. Most of a request's work here is synchronous (SQLite,
 * templates), so without this every request that arrived in one batch ran to
 * its end before the loop looked at its sockets again: a health probe waited
 * behind all of them. With it the loop takes in new input between any two
 * requests, and whatever is answered before this middleware (`/health`) waits
 * for at most the one request being handled. Nothing is refused or reordered.
 */
export function oneRequestPerTurn(): RequestHandler {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  const startNext = (): void => {
    scheduled = false;
    const next = waiting.shift();
    if (waiting.length > 0) schedule();
    next?.();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(startNext);
  };
  return (_req, _res, next) => {
    waiting.push(next);
    schedule();
  };
}
