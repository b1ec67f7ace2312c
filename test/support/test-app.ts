import type { Express } from 'express';
import request from 'supertest';
import { loadConfig, type Config } from '../../src/config.js';
import type { Store } from '../../src/db/create-db.js';
import { createApp } from '../../src/web/create-app.js';
import { demoStore } from './test-store.js';

export type Role = 'admin' | 'analyst' | 'viewer';

export interface TestApp {
  readonly store: Store;
  readonly app: Express;
  /**
   * A supertest agent acting as a user of `role` (default analyst). Route
   * tests go through this, so that when access control lands every test
   * already runs as a real, signed-in user.
   */
  as(role?: Role): Promise<TestAgent>;
}

export interface TestAgent {
  get(url: string): request.Test;
  post(url: string): request.Test;
}

/** The real app on a real (in-memory) database, with the demo data unless another store is given. */
export async function makeTestApp(options: { store?: Store; config?: Partial<Config> } = {}): Promise<TestApp> {
  const store = options.store ?? (await demoStore());
  const config = { ...loadConfig({ MATURITY_DB: ':memory:' }), ...options.config };
  const app = createApp({ store, config });
  return {
    store,
    app,
    async as() {
      return {
        get: (url) => request(app).get(url),
        post: (url) => request(app).post(url),
      };
    },
  };
}
