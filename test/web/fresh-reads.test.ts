import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite, type Store } from '../../src/db/create-db.js';
import { deletePeerGroup, savePeerGroup } from '../../src/db/repositories/peer-groups.js';
import { undoImport } from '../../src/db/repositories/imports.js';
import { ensureReferenceData } from '../../src/services/reference-data.js';
import { importCsv, surveyCsv, type CsvRespondent } from '../support/survey-csv.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

/**
 * The read side caches scores, dashboards and the overview under the data
 * version. Every change must show on the next request: made through
 * the same store, or through another connection to the same file (another process).
 */
const people = (city: string, n: number, role: string, level: number, prefix = city): CsvRespondent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    city,
    country: 'BE',
    role,
    layer: 'team',
    answer: (q) => ((level + i + q) % 5) + 1,
  }));

const dir = mkdtempSync(join(tmpdir(), 'mr-fresh-'));
const file = join(dir, 'fresh.sqlite');
let t: TestApp;
let other: Store;
beforeAll(async () => {
  const store = await openSqlite(file);
  await ensureReferenceData(store.db, new Date('2026-06-01T00:00:00Z'));
  t = await makeTestApp({ store });
  other = await openSqlite(file);
});
afterAll(async () => {
  await t.store.close();
  await other.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => {
  const res = await (await t.as('viewer')).get(url);
  expect(res.status, url).toBe(200);
  return res;
};
const scores = async () =>
  (await get('/api/v1/scores?wave=2026')).body as { cities: { slug: string; respondents: number }[] };
const overviewCounts = async (query = '') =>
  /(\d+) cities · (\d+) respondents · (\d+) imports?/
    .exec((await get(`/?wave=2026${query}`)).text)
    ?.slice(1)
    .map(Number);

describe('cached reads are never stale (issue 8)', () => {
  it('follow imports and undos made through the same store: scores, overview, segment options and segment scores', async () => {
    const first = await importCsv(t.store, surveyCsv(people('Gent', 5, 'it', 1)), 'gent.csv');
    expect((await scores()).cities.map((c) => [c.slug, c.respondents])).toEqual([['gent', 5]]);
    expect(await overviewCounts()).toEqual([1, 5, 1]);
    expect((await get('/?wave=2026')).text).not.toContain('value="role:legal"');
    const before = (await get('/api/v1/scores?wave=2026')).text;

    const second = await importCsv(
      t.store,
      surveyCsv([...people('Gent', 4, 'legal', 2, 'g2'), ...people('Leuven', 3, 'legal', 3)]),
      'more.csv',
    );
    expect((await scores()).cities.map((c) => [c.slug, c.respondents])).toEqual([
      ['gent', 9],
      ['leuven', 3],
    ]);
    expect(await overviewCounts()).toEqual([2, 12, 2]);
    expect((await get('/?wave=2026')).text).toContain('value="role:legal"');
    expect(await overviewCounts('&segment=role:legal')).toEqual([2, 7, 2]);

    await undoImport(t.store.db, second.importId!, '2026-06-02T00:00:00Z');
    expect((await get('/api/v1/scores?wave=2026')).text).toBe(before);
    expect(await overviewCounts()).toEqual([1, 5, 1]);
    expect((await get('/?wave=2026')).text).not.toContain('value="role:legal"');
    expect(await overviewCounts('&segment=role:legal')).toEqual([0, 0, 1]);
    await undoImport(t.store.db, first.importId!, '2026-06-02T00:00:00Z');
  });

  it('follow imports, undos and peer groups changed through another connection to the same database file', async () => {
    const a = await importCsv(other, surveyCsv(people('Antwerpen', 4, 'it', 1)), 'antwerpen.csv');
    expect((await scores()).cities.map((c) => [c.slug, c.respondents])).toEqual([['antwerpen', 4]]);
    const b = await importCsv(other, surveyCsv(people('Mechelen', 6, 'it', 4)), 'mechelen.csv');
    expect((await scores()).cities.map((c) => c.slug)).toEqual(['antwerpen', 'mechelen']);
    expect(await overviewCounts()).toEqual([2, 10, 2]);

    const peers = async () =>
      ((await get('/api/v1/cities/antwerpen/gaps?wave=2026&peers=group:near')).body as { peers: string[] }).peers;
    await savePeerGroup(other.db, 'near', 'Mechelen', '2026-06-03T00:00:00Z');
    expect(await peers()).toEqual(['Mechelen']);
    await savePeerGroup(other.db, 'near', 'Gent', '2026-06-03T00:00:01Z');
    expect(await peers()).toEqual([]);
    await deletePeerGroup(other.db, 'near');
    const gone = await (await t.as('viewer')).get('/api/v1/cities/antwerpen/gaps?wave=2026&peers=group:near');
    expect([gone.status, JSON.stringify(gone.body)]).toEqual([404, expect.stringContaining('peer-group-not-found')]);

    await undoImport(other.db, b.importId!, '2026-06-04T00:00:00Z');
    expect((await scores()).cities.map((c) => c.slug)).toEqual(['antwerpen']);
    expect(await overviewCounts()).toEqual([1, 4, 1]);
    await undoImport(other.db, a.importId!, '2026-06-04T00:00:00Z');
    expect((await (await t.as('viewer')).get('/api/v1/scores?wave=2026')).status).toBe(404);
  });
});
