import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.store.close());

/** Every canvas of a page: its name, the table it points to, and whether the page links to that table. */
function charts(html: string) {
  return [...html.matchAll(/<canvas ([^>]*)>/g)].map((m) => {
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? null;
    const table = attr('aria-describedby');
    return {
      id: attr('id'),
      role: attr('role'),
      label: attr('aria-label'),
      table,
      tableExists: table !== null && new RegExp(`<table [^>]*id="${table}"`).test(html),
      linked: table !== null && html.includes(`<a href="#${table}">`),
    };
  });
}

describe('charts: a name and the numbers behind them', () => {
  it.each([
    ['/?wave=2026', ['distribution'], 'Distribution of each dimension across cities'],
    [
      '/cities/gent?wave=2026&peers=largest:5',
      ['radar', 'gap-bars', 'trend'],
      'Gent · Radar: city, peer mean and all-city mean',
    ],
    ['/compare?cities=Gent,Berlin&wave=2026', ['compare-radar', 'compare-bars'], 'Radar: Gent, Berlin'],
  ])(
    '%s: every canvas is an image with a name, described by a table the page links to',
    async (path, ids, firstLabel) => {
      const res = await (await t.as('viewer')).get(path);
      expect(res.status).toBe(200);
      const found = charts(res.text);
      expect(found.map((c) => c.id)).toEqual(ids);
      expect(found[0]!.label).toBe(firstLabel);
      for (const c of found) expect(c, c.id ?? '').toMatchObject({ role: 'img', tableExists: true, linked: true });
      expect(res.text).toContain('The numbers behind this chart');
    },
  );

  it('names them in Dutch on Dutch pages', async () => {
    const res = await (await t.as('viewer')).get('/cities/gent?wave=2026&lang=nl');
    expect(res.text).toContain('De cijfers achter deze grafiek');
    expect(charts(res.text)[0]!.label).toMatch(/^Gent · /);
  });
});
