import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiToken } from '../../src/db/repositories/api-tokens.js';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { listImports } from '../../src/db/repositories/imports.js';
import { surveyCsv } from '../support/survey-csv.js';
import { makeTestApp, type TestAgent, type TestApp } from '../support/test-app.js';

/** A small survey file of new respondents (ids `${prefix}-1…3`, Gent, wave 2026). */
const survey = (prefix: string) =>
  surveyCsv(
    [1, 2, 3].map((i) => ({
      id: `${prefix}-${i}`,
      city: 'Gent',
      country: 'BE',
      role: 'it',
      layer: 'city',
      answer: (q: number) => ((i + q) % 5) + 1,
    })),
  );

let t: TestApp;
let analyst: TestAgent;
let api: TestAgent;
let admin: TestAgent;
beforeAll(async () => {
  t = await makeTestApp();
  analyst = await t.as('analyst');
  api = await t.as('analyst', { via: 'token' });
  admin = await t.as('admin');
});
afterAll(async () => t.store.close());

const newest = async (action: string) => (await listAudit(t.store.db, { action }))[0];

describe('audit inside the actions (awaited; in the same transaction as the change)', () => {
  it('records an API import and its undo, named by import number, actor and address', async () => {
    const created = await api.post('/api/v1/imports').attach('file', survey('api'), 'api.csv');
    expect(created.status).toBe(201);
    const id = created.body.importId as number;
    expect(await newest('import')).toMatchObject({
      actor: 'test-analyst',
      target: `import #${id}`,
      ip: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.parse((await newest('import'))!.detail!)).toEqual({ file: 'api.csv', wave: 2026, respondents: 3 });
    expect((await api.post(`/api/v1/imports/${id}/undo`)).status).toBe(200);
    expect(await newest('import-undo')).toMatchObject({ actor: 'test-analyst', target: `import #${id}` });
  });

  it('records a web import at confirm (not at the dry-run preview) and its undo from the history page', async () => {
    const before = (await listAudit(t.store.db, { action: 'import' })).length;
    const preview = await analyst.post('/imports/preview').attach('file', survey('web'), 'web.csv');
    expect(preview.status).toBe(200);
    expect(await listAudit(t.store.db, { action: 'import' })).toHaveLength(before);
    const token = /name="token" value="([0-9a-f]+)"/.exec(preview.text)![1]!;
    const confirm = await analyst.post('/imports/confirm').type('form').send({ token });
    expect(confirm.status).toBe(303);
    const id = Number(/\/imports\/(\d+)/.exec(confirm.headers.location!)![1]);
    expect(await newest('import')).toMatchObject({ actor: 'test-analyst', target: `import #${id}` });
    expect((await analyst.post(`/imports/${id}/undo`).type('form').send({})).status).toBe(303);
    expect(await newest('import-undo')).toMatchObject({ target: `import #${id}` });
  });

  it('records nothing for a dry run or a refused file (neither stores anything)', async () => {
    const before = (await listAudit(t.store.db)).length;
    expect((await api.post('/api/v1/imports?dryRun=true').attach('file', survey('dry'), 'dry.csv')).status).toBe(200);
    expect(
      (await api.post('/api/v1/imports').attach('file', Buffer.from('not,a\nsurvey,file\n'), 'bad.csv')).status,
    ).toBe(422);
    expect(await listAudit(t.store.db)).toHaveLength(before);
  });

  it('records a viewer downloading a gap report, visible to admins on the audit page', async () => {
    const res = await (await t.as('viewer')).get('/reports/gap.csv?city=gent&wave=2026');
    expect(res.status).toBe(200);
    // No wait: the event is written before the report is sent.
    expect(await newest('report-download')).toMatchObject({
      actor: 'test-viewer',
      target: '/reports/gap.csv?city=gent&wave=2026&peers=largest:5&lang=en',
    });
    const page = await admin.get('/admin/audit?action=report-download');
    expect(page.text).toContain('/reports/gap.csv?city=gent&amp;wave=2026');
  });

  it('records user and token changes made by an admin', async () => {
    const added = await admin.post('/admin/users').type('form').send({ name: 'Lena', role: 'viewer' });
    expect(added.status).toBe(201);
    expect(await newest('user-add')).toMatchObject({
      actor: 'test-admin',
      target: 'lena',
      detail: '{"role":"viewer"}',
    });
    const lena = await t.store.db.selectFrom('users').select('id').where('name', '=', 'lena').executeTakeFirstOrThrow();
    for (const change of ['disable', 'enable', 'revoke-tokens', 'reset-password'] as const) {
      expect((await admin.post(`/admin/users/${lena.id}/${change}`).type('form').send({})).status).toBeLessThan(400);
      expect(await newest(`user-${change}`)).toMatchObject({ actor: 'test-admin', target: 'lena' });
    }
    const token = await createApiToken(t.store.db, { userId: Number(lena.id), label: 'bi', now: new Date() });
    expect((await admin.post(`/admin/tokens/${token.id}/revoke`).type('form').send({})).status).toBe(303);
    expect(await newest('token-revoke')).toMatchObject({ actor: 'test-admin', target: `token #${token.id} of lena` });
  });
});

/** Everything an audited action could change, to prove a request changed none of it. */
const snapshot = async () => ({
  imports: (await listImports(t.store.db)).map((i) => [i.id, i.status]),
  users: await t.store.db
    .selectFrom('users')
    .select(['name', 'disabled_at', 'password_hash', 'must_change_password'])
    .orderBy('id')
    .execute(),
  tokens: await t.store.db.selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute(),
  sessions: (await t.store.db.selectFrom('sessions').select('id_hash').orderBy('id_hash').execute()).length,
  audit: (await listAudit(t.store.db, { limit: 100_000 })).length,
});

describe('no second way into an audited route: case and trailing-slash variants are 404 and change nothing', () => {
  const cases: [
    string,
    (id: number, user: number, token: number) => Promise<{ status: number; headers: Record<string, string> }>,
  ][] = [
    ['POST /API/V1/IMPORTS', async () => api.post('/API/V1/IMPORTS').attach('file', survey('v1'), 'v1.csv')],
    ['POST /Api/V1/Imports', async () => api.post('/Api/V1/Imports').attach('file', survey('v2'), 'v2.csv')],
    ['POST /api/v1/imports/', async () => api.post('/api/v1/imports/').attach('file', survey('v3'), 'v3.csv')],
    ['POST /api/v1/imports/:id/undo/', async (id) => api.post(`/api/v1/imports/${id}/undo/`)],
    ['POST /API/V1/IMPORTS/:id/UNDO', async (id) => api.post(`/API/V1/IMPORTS/${id}/UNDO`)],
    ['POST /imports/:id/undo/', async (id) => analyst.post(`/imports/${id}/undo/`).type('form').send({})],
    ['POST /IMPORTS/:id/UNDO', async (id) => analyst.post(`/IMPORTS/${id}/UNDO`).type('form').send({})],
    ['POST /imports/confirm/', async () => analyst.post('/imports/confirm/').type('form').send({ token: 'x' })],
    ['POST /Imports/Confirm', async () => analyst.post('/Imports/Confirm').type('form').send({ token: 'x' })],
    ['GET /REPORTS/gap.xlsx', async () => analyst.get('/REPORTS/gap.xlsx?city=gent&wave=2026')],
    ['GET /reports/gap.xlsx/', async () => analyst.get('/reports/gap.xlsx/?city=gent&wave=2026')],
    ['GET /reports/GAP.csv', async () => analyst.get('/reports/GAP.csv?city=gent&wave=2026')],
    ['GET /Reports/gap.pdf', async () => analyst.get('/Reports/gap.pdf?city=gent&wave=2026')],
    [
      'POST /admin/users/',
      async () => admin.post('/admin/users/').type('form').send({ name: 'mallory', role: 'admin' }),
    ],
    ['POST /ADMIN/USERS', async () => admin.post('/ADMIN/USERS').type('form').send({ name: 'mallory', role: 'admin' })],
    [
      'POST /admin/users/:id/disable/',
      async (_id, user) => admin.post(`/admin/users/${user}/disable/`).type('form').send({}),
    ],
    [
      'POST /Admin/Users/:id/Reset-Password',
      async (_id, user) => admin.post(`/Admin/Users/${user}/Reset-Password`).type('form').send({}),
    ],
    [
      'POST /admin/users/:id/enable/',
      async (_id, user) => admin.post(`/admin/users/${user}/enable/`).type('form').send({}),
    ],
    [
      'POST /admin/users/:id/revoke-tokens/',
      async (_id, user) => admin.post(`/admin/users/${user}/revoke-tokens/`).type('form').send({}),
    ],
    [
      'POST /ADMIN/TOKENS/:id/REVOKE',
      async (_id, _user, token) => admin.post(`/ADMIN/TOKENS/${token}/REVOKE`).type('form').send({}),
    ],
    ['POST /logout/', async () => admin.post('/logout/').type('form').send({})],
    ['POST /LOGOUT', async () => admin.post('/LOGOUT').type('form').send({})],
    [
      'POST /Account/Password',
      async () =>
        admin
          .post('/Account/Password')
          .type('form')
          .send({ current: 'x', password: 'a-brand-new-password', repeat: 'a-brand-new-password' }),
    ],
    [
      'POST /admin/tokens/:id/revoke/',
      async (_id, _user, token) => admin.post(`/admin/tokens/${token}/revoke/`).type('form').send({}),
    ],
    [
      'POST /account/password/',
      async () =>
        admin
          .post('/account/password/')
          .type('form')
          .send({ current: 'x', password: 'a-brand-new-password', repeat: 'a-brand-new-password' }),
    ],
  ];

  it.each(cases)('%s', async (_name, send) => {
    const committed = await api
      .post('/api/v1/imports')
      .attach('file', survey(`c${Math.random().toString(36).slice(2, 8)}`), 'c.csv');
    expect(committed.status).toBe(201);
    const user = await t.store.db
      .selectFrom('users')
      .select('id')
      .where('name', '=', 'test-viewer')
      .executeTakeFirstOrThrow();
    const token = await createApiToken(t.store.db, { userId: Number(user.id), label: 'bi', now: new Date() });
    const before = await snapshot();
    const res = await send(committed.body.importId, Number(user.id), token.id);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).not.toMatch(/spreadsheet|pdf|csv/);
    expect(await snapshot()).toEqual(before);
  });
});

describe('an upload whose client closes the socket after sending', () => {
  it('is imported and audited together, though no response could be sent', async () => {
    let client: Socket | undefined;
    // Around the app: once the server has read the whole request, the client goes away.
    const server: Server = createServer((req, res) => {
      req.on('end', () => client?.destroy());
      t.app(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const before = (await listImports(t.store.db)).length;
      const boundary = 'xAbortedUploadBoundary';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="aborted.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        survey('aborted'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const head = [
        'POST /api/v1/imports HTTP/1.1',
        `Host: 127.0.0.1`,
        `Authorization: Bearer ${api.token}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${body.length}`,
        '',
        '',
      ].join('\r\n');
      const closed = new Promise<void>((resolve) => {
        client = connect((server.address() as AddressInfo).port, '127.0.0.1', () =>
          client!.end(Buffer.concat([Buffer.from(head), body])),
        );
        client.on('close', () => resolve());
        client.on('error', () => resolve());
      });
      await closed;
      // The server goes on importing after the client left: wait for the import to be committed.
      await vi.waitFor(async () => expect(await listImports(t.store.db)).toHaveLength(before + 1), {
        timeout: 15_000,
        interval: 50,
      });
      const [stored] = await listImports(t.store.db);
      expect(stored!.fileName).toBe('aborted.csv');
      expect(await newest('import')).toMatchObject({ actor: 'test-analyst', target: `import #${stored!.id}` });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
