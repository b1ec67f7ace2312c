import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openSqlite } from '../../src/db/create-db.js';
import { createApp } from '../../src/web/create-app.js';
import { runCli } from '../support/run-cli.js';

// Each call starts a real process (about 1 s, far more on a loaded machine).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maturity-auth-cli-'));
  db = join(dir, 'auth.sqlite');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('maturity user / token', () => {
  it('adds a user (refusing a weak password), creates a token that works on the API, then revokes it', async () => {
    const weak = runCli(['user', 'add', 'ana', '--role', 'analyst', '--db', db], { MATURITY_PASSWORD: 'too-short' });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toBe(
      'maturity: The password must have at least 12 characters (spaces at either end and invisible characters do not count).\n',
    );

    const added = runCli(['user', 'add', 'Ana', '--role', 'analyst', '--db', db], {
      MATURITY_PASSWORD: 'a-long-enough-password',
    });
    expect(added.stdout).toBe('Added user ana (analyst).\n');

    const created = runCli(['token', 'create', 'ana', '--json', '--db', db]);
    expect(created.status).toBe(0);
    const { id, token } = JSON.parse(created.stdout) as { id: number; token: string };
    expect(token).toMatch(/^mrt_[A-Za-z0-9_-]{43}$/);

    const store = await openSqlite(db);
    try {
      const app = createApp({ store, config: loadConfig({ MATURITY_DB: db }) });
      expect((await request(app).get('/api/v1/waves').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      const revoked = runCli(['token', 'revoke', String(id), '--db', db]);
      expect(revoked.stdout).toBe(`Revoked API token #${id} of ana.\n`);
      expect((await request(app).get('/api/v1/waves').set('Authorization', `Bearer ${token}`)).status).toBe(401);
      const audit = await store.db.selectFrom('audit_log').select('action').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['user-add', 'token-create', 'token-revoke']);
    } finally {
      await store.close();
    }
  });
});
