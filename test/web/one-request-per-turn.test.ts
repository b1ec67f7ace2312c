import type { Request, Response } from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { oneRequestPerTurn } from '../../src/web/one-request-per-turn.js';
import { makeTestApp } from '../support/test-app.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const t = await makeTestApp();
afterAll(() => t.store.close());

describe('oneRequestPerTurn', () => {
  it('starts one waiting request per turn of the event loop, in order of arrival', async () => {
    const middleware = oneRequestPerTurn();
    const started: number[] = [];
    for (const n of [1, 2, 3]) middleware({} as Request, {} as Response, () => started.push(n));
    expect(started).toEqual([]); // none on the arriving turn
    await turn();
    expect(started).toEqual([1]);
    await turn();
    expect(started).toEqual([1, 2]);
    middleware({} as Request, {} as Response, () => started.push(4));
    await turn();
    await turn();
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('leaves /health before it, and every other route behind it, answering as before', async () => {
    const viewer = await t.as('viewer');
    const [health, waves, missing] = await Promise.all([
      request(t.app).get('/health'),
      viewer.get('/api/v1/waves'),
      viewer.get('/no-such-page'),
    ]);
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['cache-control']).toBe('no-store');
    expect(waves.status).toBe(200);
    expect(missing.status).toBe(404);
  });
});
