import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let auth: string;
beforeAll(async () => {
  t = await makeTestApp();
  auth = `Bearer ${(await t.as('viewer', { via: 'token' })).token}`;
});
afterAll(async () => t.store.close());

/** The raw bytes of a response, undecoded. */
const raw = (url: string, headers: Record<string, string>) =>
  request(t.app)
    .get(url)
    .set({ Authorization: auth, ...headers })
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('GET /api/v1/scores response (issue 8: prepared once per data version)', () => {
  it('is the same JSON gzip-compressed or not, with an ETag that answers 304', async () => {
    const url = '/api/v1/scores?wave=2026';
    const plain = await raw(url, { 'Accept-Encoding': 'identity' });
    const zipped = await raw(url, { 'Accept-Encoding': 'gzip, deflate' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    // supertest inflates a gzip body: a body that were not gzip would fail here.
    expect((zipped.body as Buffer).equals(plain.body as Buffer)).toBe(true);
    expect(JSON.parse((plain.body as Buffer).toString('utf8')).wave).toBe(2026);

    const etag = plain.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect((await raw(url, { 'If-None-Match': etag })).status).toBe(304);
    expect((await raw('/api/v1/scores?wave=2025', { 'If-None-Match': etag })).status).toBe(200);
  });
});

describe('GET /api/v1/cities/:slug/gaps response (prepared once per data version)', () => {
  it('is the JSON of gapsJson, gzip-compressed to who accepts it, one ETag per city, peers and language', async () => {
    const url = '/api/v1/cities/gent/gaps?wave=2026&peers=largest:5';
    const plain = await raw(url, { 'Accept-Encoding': 'identity' });
    const zipped = await raw(url, { 'Accept-Encoding': 'gzip' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect((zipped.body as Buffer).equals(plain.body as Buffer)).toBe(true);
    const json = JSON.parse((plain.body as Buffer).toString('utf8')) as { city: string; peers: string[] };
    expect(json.peers).toHaveLength(5);

    const etag = plain.headers.etag as string;
    expect((await raw(url, { 'If-None-Match': etag })).status).toBe(304);
    // Another language or city is another body, not the cached one.
    const nl = await raw(`${url}&lang=nl`, { 'Accept-Encoding': 'identity' });
    expect(nl.headers.etag).not.toBe(etag);
    const leuven = await raw('/api/v1/cities/leuven/gaps?wave=2026&peers=largest:5', { 'Accept-Encoding': 'identity' });
    expect(leuven.headers.etag).not.toBe(etag);
  });
});
