import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.store.close());

describe('free-text comments', () => {
  it('are shown to analysts for a group of at least 10 respondents', async () => {
    // Demo wave 2026: Paris has 15 respondents.
    const res = await (await t.as('analyst')).get('/cities/paris/comments?wave=2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<ul class="comments" id="comments">');
    expect(res.text).toContain('Synthetic demo comment');
  });

  it('are withheld for a group under 10, even from analysts', async () => {
    // Demo wave 2026: Gent has 9 respondents.
    const res = await (await t.as('admin')).get('/cities/gent/comments?wave=2026');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="comments-withheld"');
    expect(res.text).toContain('9 respondents, fewer than 10');
    expect(res.text).not.toContain('Synthetic demo comment');
  });

  it('are never shown to viewers, on no page and in no API answer', async () => {
    const viewer = await t.as('viewer');
    const res = await viewer.get('/cities/paris/comments?wave=2026');
    expect(res.status).toBe(403);
    expect(res.text).not.toContain('Synthetic demo comment');
    for (const url of [
      '/',
      '/cities/paris?wave=2026',
      '/api/v1/scores?wave=2026',
      '/api/v1/cities/paris/gaps?wave=2026',
      '/api/v1/imports',
    ]) {
      const page = await viewer.get(url);
      expect(page.status, url).toBe(200);
      expect(page.text, url).not.toContain('demo comment');
    }
  });
});
