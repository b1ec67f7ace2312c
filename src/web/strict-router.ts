import { Router } from 'express';

/**
 * Every router matches paths exactly as written: case-sensitive and without
 * a trailing-slash variant. `/API/V1/IMPORTS` or `/imports/5/undo/` is then
 * a 404, not a second way into a route (createApp sets the same for the app).
 */
export function strictRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
