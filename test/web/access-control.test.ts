import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAtLeast, type Role } from '../../src/auth/role.js';
import { defaultRoleFor, isPublicPath, isSelfServicePath, SAFE_METHODS } from '../../src/web/auth/access-policy.js';
import { listRoutes, sampleUrl, type RegisteredRoute } from '../support/list-routes.js';
import { makeTestApp, type TestAgent, type TestApp } from '../support/test-app.js';

let t: TestApp;
let routes: RegisteredRoute[];
const tokenAgents = {} as Record<Role, TestAgent>;
const sessionAgents = {} as Record<Role, TestAgent>;

beforeAll(async () => {
  t = await makeTestApp();
  routes = listRoutes(t.app);
  for (const role of ROLES) {
    tokenAgents[role] = await t.as(role, { via: 'token' });
    sessionAgents[role] = await t.as(role);
  }
});
afterAll(async () => t.store.close());

/** The least role a route needs: the default policy, raised by any requireRole on the way. */
function neededRole(route: RegisteredRoute): Role {
  return [defaultRoleFor(route.method, route.path), ...route.guards].reduce((a, b) => (roleAtLeast(a, b) ? a : b));
}

const send = (agent: TestAgent | null, route: RegisteredRoute) => {
  const url = sampleUrl(route.path);
  if (agent === null)
    return route.method === 'GET'
      ? request(t.app).get(url).set('Accept', 'text/html')
      : request(t.app).post(url).set('Accept', 'text/html');
  return route.method === 'GET' ? agent.get(url) : agent.post(url);
};

describe('route × role matrix (every registered route)', () => {
  it('finds the routes of the app, the state-changing ones at least analyst-level', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /',
        'GET /cities/:slug',
        'GET /api/v1/scores',
        'POST /login',
        'GET /admin/users',
        'GET /admin/audit',
      ]),
    );
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes) {
      expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']).toContain(r.method);
      if (!SAFE_METHODS.has(r.method) && !isPublicPath(r.path) && !isSelfServicePath(r.path)) {
        expect(roleAtLeast(neededRole(r), 'analyst'), `${r.method} ${r.path}`).toBe(true);
      }
    }
  });

  it('sends anonymous visitors to the login page (pages) or answers 401 JSON (API) on every non-public route', async () => {
    for (const route of routes.filter((r) => !isPublicPath(r.path.replace(/:.*$/, 'x')))) {
      const res = await send(null, route);
      const label = `${route.method} ${route.path}`;
      if (route.path.startsWith('/api/')) {
        expect(res.status, label).toBe(401);
        expect(res.body.error.code, label).toBe('sign-in-required');
      } else {
        expect(res.status, label).toBe(route.method === 'GET' ? 302 : 303);
        expect(res.headers.location, label).toMatch(/^\/login/);
      }
    }
  });

  it('API requests without HTML in Accept also get 401 JSON, never data', async () => {
    const res = await request(t.app).get('/api/v1/scores?wave=2026');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(JSON.stringify(res.body)).not.toContain('Gent');
  });

  for (const via of ['token', 'session'] as const) {
    it(`refuses (403) every role below a route's level and lets the others through (${via})`, async () => {
      const agents = via === 'token' ? tokenAgents : sessionAgents;
      const checked: string[] = [];
      for (const route of routes) {
        if (route.path === '/logout' || route.path === '/login') continue; // would end or replace the agent's session
        const needed = neededRole(route);
        for (const role of ROLES) {
          const res = await send(agents[role], route);
          const label = `${role} ${route.method} ${route.path} (${via}) → ${res.status}`;
          if (roleAtLeast(role, needed)) expect([401, 403], label).not.toContain(res.status);
          else expect(res.status, label).toBe(403);
          checked.push(label);
        }
      }
      expect(checked.length).toBe(3 * routes.filter((r) => r.path !== '/logout' && r.path !== '/login').length);
    });
  }

  it('gives viewers the dashboards and the API, and keeps them out of admin pages', async () => {
    const viewer = sessionAgents.viewer;
    expect((await viewer.get('/')).status).toBe(200);
    expect((await viewer.get('/cities/gent?wave=2026')).status).toBe(200);
    expect((await viewer.get('/api/v1/waves')).status).toBe(200);
    const admin = await viewer.get('/admin/users');
    expect(admin.status).toBe(403);
    expect(admin.text).not.toContain('test-admin');
    expect((await sessionAgents.analyst.get('/admin/audit')).status).toBe(403);
    expect((await sessionAgents.admin.get('/admin/audit')).status).toBe(200);
  });

  it('serves the login page, static assets and the health check to anyone', async () => {
    expect((await request(t.app).get('/login')).status).toBe(200);
    expect((await request(t.app).get('/static/css/app.css')).status).toBe(200);
    expect((await request(t.app).get('/health')).body).toEqual({ status: 'ok' });
    // Unknown paths do not reveal whether they exist.
    expect((await request(t.app).get('/no/such/page').set('Accept', 'text/html')).status).toBe(302);
  });
});
