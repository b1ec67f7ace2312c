import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.store.close());

describe('pages', () => {
  it('shows the overview heat table of the newest wave, marked synthetic', async () => {
    const res = await (await t.as('viewer')).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('SYNTHETIC');
    expect(res.text).toContain('id="heat-table"');
    expect(res.text).toMatch(/<a href="\/cities\/gent\?wave=2026">Gent<\/a>/);
    expect(res.text).toContain('suppressed');
  });

  it("shows Gent's page with radar data and the gap table", async () => {
    const res = await (await t.as('viewer')).get('/cities/gent?wave=2026&peers=largest:5');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<canvas id="radar" data-chart="radar-data"');
    expect(res.text).toContain('<script type="application/json" id="radar-data">');
    expect(res.text).toContain('London, Berlin, Madrid, Roma, Paris');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers 404 naming an unknown city', async () => {
    const res = await (await t.as('viewer')).get('/cities/atlantis');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No city called &#34;atlantis&#34;');
  });

  it('answers 400 for a bad peer group', async () => {
    const res = await (await t.as('viewer')).get('/cities/gent?peers=largest:x');
    expect(res.status).toBe(400);
    expect(res.text).toContain('not understood');
  });

  it('serves Chart.js from the app itself', async () => {
    const res = await (await t.as('viewer')).get('/vendor/chart.umd.min.js');
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(100_000);
  });
});

describe('API', () => {
  it('returns the gaps of a city', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      city: 'Gent',
      wave: 2026,
      peers: ['London', 'Berlin', 'Madrid', 'Roma', 'Paris'],
    });
  });

  it('returns scores, waves, cities, common gaps and imports', async () => {
    const agent = await t.as('viewer');
    const scores = await agent.get('/api/v1/scores?wave=2026');
    expect(scores.body.cities.length).toBeGreaterThanOrEqual(31);
    expect((await agent.get('/api/v1/waves')).body.map((w: { wave: number }) => w.wave)).toEqual([2026, 2025]);
    expect((await agent.get('/api/v1/cities')).body.length).toBeGreaterThanOrEqual(60);
    expect((await agent.get('/api/v1/common-gaps?wave=2026')).body).toHaveLength(5);
    expect((await agent.get('/api/v1/imports')).body).toHaveLength(2);
  });

  it('answers JSON errors: 400 without a wave, 404 for an unknown wave', async () => {
    const agent = await t.as('viewer');
    const missing = await agent.get('/api/v1/scores');
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: { code: 'wave-missing', message: expect.stringContaining('wave') } });
    expect((await agent.get('/api/v1/scores?wave=2001')).status).toBe(404);
  });
});
