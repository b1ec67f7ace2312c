import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';

const cookieValue = (res: request.Response, name: string): string => {
  const found = ([] as string[]).concat(res.headers['set-cookie'] ?? []).findLast((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0]!.split('=')[1] ?? '';
};

export interface LoginForm {
  /** POSTs the login form (with its CSRF token) as a browser would; the response. */
  post(name: string, password: string): Promise<request.Response>;
  close(): Promise<void>;
}

/**
 * The login form of `app`, served on a real port (so many requests can be in
 * flight at once, as from an attacker's script): one GET /login for the
 * pre-session and CSRF cookies, then any number of POSTs with them.
 */
export async function loginForm(app: Express): Promise<LoginForm> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const page = await request(base).get('/login');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
  const cookies = `mr_pre=${cookieValue(page, 'mr_pre')}; mr_csrf=${cookieValue(page, 'mr_csrf')}`;
  return {
    post: (name, password) =>
      request(base).post('/login').set('Cookie', cookies).type('form').send({ _csrf: token, name, password }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
