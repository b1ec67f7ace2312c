import type { Express } from 'express';
import type { Role } from '../../src/auth/role.js';

/** One route as registered in the app: method, full path pattern, and the `requireRole` guards on its way. */
export interface RegisteredRoute {
  readonly method: string;
  readonly path: string;
  readonly guards: readonly Role[];
}

interface Layer {
  handle: ((...args: unknown[]) => unknown) & { stack?: Layer[]; requiredRole?: Role };
  rawPath?: string | RegExp | unknown[];
  route?: { path: string; methods: Record<string, boolean>; stack: Layer[] };
}

const join = (a: string, b: string) => `${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

/**
 * Every route of an Express 5 app, found by walking its router stack (so a
 * route added tomorrow is in the list without touching the tests).
 * Router-level `requireRole` guards apply to the routes after them.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: Layer[], prefix: string, inherited: Role[]) => {
    const guards = [...inherited];
    for (const layer of stack) {
      const raw = typeof layer.rawPath === 'string' ? layer.rawPath : '/';
      if (layer.route) {
        const routeGuards = layer.route.stack
          .map((l) => l.handle.requiredRole)
          .filter((r): r is Role => r !== undefined);
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.push({
              method: method.toUpperCase(),
              path: join(prefix, layer.route.path),
              guards: [...guards, ...routeGuards],
            });
        }
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, join(prefix, raw), guards);
      } else if (layer.handle.requiredRole) {
        guards.push(layer.handle.requiredRole);
      } else if (layer.handle.name === 'serveStatic') {
        out.push({ method: 'GET', path: join(join(prefix, raw), 'css/app.css'), guards: [...guards] });
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '', []);
  return out;
}

/** A concrete URL for a route pattern: `:slug` → gent, `:id` → 999999 (no such row: nothing is changed). */
export function sampleUrl(path: string): string {
  return path
    .replace(/:slug\b/g, 'gent')
    .replace(/:id\b/g, '999999')
    .replace(/:(\w+)/g, 'x')
    .replace(/\*\w+/g, 'x')
    .replace(/[{}]/g, '');
}
