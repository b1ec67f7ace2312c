import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.store.close());

describe("the overview's cached heat table", () => {
  it("does not carry the first requester's raw lang into everyone's links", async () => {
    const first = await (await t.as('viewer')).get('/?lang=xx%22onmouseover%3Dalert(1)');
    expect(first.status).toBe(200);
    expect(first.text).not.toContain('lang=xx');
    const second = await (await t.as('analyst')).get('/');
    expect(second.status).toBe(200);
    const links = [...second.text.matchAll(/href="(\/cities\/[^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) expect(link).not.toContain('xx');
    // The language itself still travels, as parsed.
    const dutch = await (await t.as('viewer')).get('/?lang=nl');
    expect(dutch.text).toMatch(/href="\/cities\/gent\?[^"]*lang=nl/);
  });
});
