import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { auditTrail } from '../../src/web/auth/audit-trail.js';
import { memoryStore } from '../support/test-store.js';

/** auditTrail on a bare app with stand-in routes (the real ones come from the import and report features). */
async function setup() {
  const store = await memoryStore();
  const app = express();
  app.use((req, _res, next) => {
    req.user = { id: 1, name: 'ana', role: 'analyst', mustChangePassword: false, via: 'session' };
    next();
  });
  app.use(auditTrail(store, () => new Date('2026-06-01T10:00:00Z')));
  app.get('/reports/gap.pdf', (_req, res) => void res.send('pdf'));
  app.get('/reports/gap.xyz', (_req, res) => void res.status(404).send('no'));
  app.post('/imports/confirm', (_req, res) => res.redirect(303, '/imports/7'));
  app.post('/imports/:id/undo', (_req, res) => res.redirect(303, '/imports'));
  app.post('/api/v1/imports', (_req, res) => void res.status(201).json({}));
  app.get('/cities/gent', (_req, res) => void res.send('page'));
  return { store, app };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('audit trail of imports, undos and report downloads', () => {
  it('records who downloaded, imported or undid what, only when it succeeded', async () => {
    const { store, app } = await setup();
    await request(app).get('/reports/gap.pdf?city=gent&wave=2026');
    await request(app).get('/reports/gap.xyz');
    await request(app).post('/imports/confirm');
    await request(app).post('/imports/7/undo');
    await request(app).post('/api/v1/imports?dryRun=true');
    await request(app).get('/cities/gent');
    await settle();
    const events = (await listAudit(store.db)).reverse();
    expect(events.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['ana', 'report-download', '/reports/gap.pdf?city=gent&wave=2026'],
      ['ana', 'import', '/imports/confirm'],
      ['ana', 'import-undo', '/imports/7/undo'],
    ]);
    expect(JSON.parse(events[1]!.detail!)).toEqual({ status: 303, location: '/imports/7' });
    expect(events[0]!.at).toBe('2026-06-01T10:00:00.000Z');
    await store.close();
  });
});

describe('audit trail in the app', () => {
  it('records a viewer downloading a gap report, visible to admins on the audit page', async () => {
    const { makeTestApp } = await import('../support/test-app.js');
    const t = await makeTestApp();
    const res = await (await t.as('viewer')).get('/reports/gap.csv?city=gent&wave=2026');
    expect(res.status).toBe(200);
    await settle();
    const [event] = await listAudit(t.store.db, { action: 'report-download' });
    expect(event).toMatchObject({ actor: 'test-viewer', target: '/reports/gap.csv?city=gent&wave=2026' });
    const page = await (await t.as('admin')).get('/admin/audit?action=report-download');
    expect(page.text).toContain('/reports/gap.csv?city=gent&amp;wave=2026');
    await t.store.close();
  });
});
