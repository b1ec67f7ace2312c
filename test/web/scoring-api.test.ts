import { beforeAll, describe, expect, it } from 'vitest';
import { savePeerGroup } from '../../src/db/repositories/peer-groups.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await savePeerGroup(t.store.db, 'Benelux', 'Antwerpen,Amsterdam,Rotterdam,Gent,Bruxelles', '2026-06-01T00:00:00Z');
});

interface CityJson {
  city: string;
  index: { score: number | null; suppressed: boolean };
  dimensions: { score: number | null }[];
  trend: {
    previousWave: number | null;
    index: { delta: number | null };
    dimensions: {
      key: string;
      delta: number | null;
      testable: boolean;
      pValue: number | null;
      significant: boolean | null;
    }[];
  };
  rankStability?: {
    complete: boolean;
    index: number | null;
    indexLow: number | null;
    indexHigh: number | null;
    rank: number | null;
    medianRank: number | null;
    rankLow: number | null;
    rankHigh: number | null;
  } | null;
}

describe('GET /api/v1/scores: the full contract', () => {
  it('gives trends against the previous wave and alpha per dimension', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/scores?wave=2026');
    expect(res.status).toBe(200);
    expect(res.body.previousWave).toBe(2025);
    expect(res.body.reliability.map((r: { key: string }) => r.key)).toEqual([
      'sovereignty',
      'impact',
      'compliance',
      'interoperability',
      'infrastructure',
    ]);
    // Pinned from the seeded demo data (test/domain/statistics-crosscheck.test.ts pins the alpha formula):
    // a change here means the demo data or the pooling changed.
    expect(
      res.body.reliability.map((r: { n: number; alpha: number; suppressed: boolean }) => [r.n, r.alpha, r.suppressed]),
    ).toEqual([
      [245, expect.closeTo(0.822036365166, 9), false],
      [241, expect.closeTo(0.835336636203, 9), false],
      [235, expect.closeTo(0.873353358947, 9), false],
      [237, expect.closeTo(0.819936298487, 9), false],
      [249, expect.closeTo(0.836103780517, 9), false],
    ]);
    const gent = (res.body.cities as CityJson[]).find((c) => c.city === 'Gent')!;
    expect(gent.trend.previousWave).toBe(2025);
    expect(gent.trend.dimensions[0]!.delta).toEqual(expect.any(Number));
    expect(gent.trend.dimensions[0]!.testable).toBe(true);
    // A city below minRespondents publishes no delta.
    const tampere = (res.body.cities as CityJson[]).find((c) => c.city === 'Tampere')!;
    expect(tampere.index.suppressed).toBe(true);
    expect(tampere.trend.dimensions.every((d) => d.delta === null)).toBe(true);
    expect(gent.rankStability).toBeUndefined();
  });

  it('adds a seeded rank stability per city on request, the same on every call', async () => {
    const agent = await t.as('viewer');
    const url = '/api/v1/scores?wave=2026&rankStability=1&draws=200&seed=5';
    const [a, b] = [await agent.get(url), await agent.get(url)];
    expect(a.status).toBe(200);
    expect(a.body.rankStability).toEqual({
      draws: 200,
      seed: 5,
      concentration: 20,
      aggregation: 'arithmetic',
      method: 'respondents+weights',
    });
    expect(a.body.cities).toEqual(b.body.cities);
    const cities = a.body.cities as CityJson[];
    expect(cities.filter((c) => c.rankStability).length).toBe(cities.filter((c) => c.index.score !== null).length);
    const ranked = cities.filter((c) => c.rankStability?.complete);
    // Ranked: exactly the cities with every dimension published.
    expect(ranked.length).toBe(
      cities.filter((c) => c.index.score !== null && c.dimensions.every((d) => d.score !== null)).length,
    );
    // The demo data has ranked cities, so the loop below checks something.
    expect(ranked.length).toBeGreaterThan(0);
    for (const c of ranked) {
      const r = c.rankStability!;
      expect(r.rankLow!).toBeLessThanOrEqual(r.medianRank!);
      expect(r.medianRank!).toBeLessThanOrEqual(r.rankHigh!);
      expect(r.indexLow!).toBeLessThanOrEqual(r.index!);
      expect(r.index!).toBeLessThanOrEqual(r.indexHigh!);
      expect(r.index).toBeCloseTo(c.index.score!, 10);
    }
    // None is left unranked here: a hidden dimension hides the city's index too (one disclosure rule),
    // so a city with a rank stability has every dimension; an incomplete city's null rank is pinned in
    // test/domain/index-uncertainty.test.ts.
    expect(cities.filter((c) => c.rankStability && !c.rankStability.complete)).toEqual([]);
    const geometric = await agent.get('/api/v1/scores?wave=2026&rankStability=1&draws=50&aggregation=geometric');
    expect(geometric.body.rankStability.aggregation).toBe('geometric');
    expect((await agent.get('/api/v1/scores?wave=2026&rankStability=1&draws=2001')).status).toBe(400);
    expect(cities.find((c) => c.city === 'Tampere')!.rankStability).toBeNull();
  });

  it('rejects a bad draws value with 400 naming the parameter', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/scores?wave=2026&rankStability=1&draws=0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Query parameter "draws"/);
  });
});

describe('GET /api/v1/cities/:slug/gaps with peer groups', () => {
  it('resolves a saved group (group:<name>, case-insensitive), never counting the focus city as its own peer', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026&peers=group:benelux');
    expect(res.status).toBe(200);
    expect(res.body.peerGroup).toBe('group:benelux');
    expect(res.body.peers).toEqual(['Antwerpen', 'Amsterdam', 'Rotterdam', 'Bruxelles']);
    expect(res.body.previousWave).toBe(2025);
    expect(res.body.dimensions[0]).toEqual(
      expect.objectContaining({ trend: expect.any(Number), trendSignificant: expect.any(Boolean) }),
    );
  });

  it('resolves country:XX without the focus city', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026&peers=country:BE');
    expect(res.body.peers.sort()).toEqual(['Antwerpen', 'Bruxelles', 'Leuven']);
  });

  it('answers 404 for an unknown saved group, naming the groups there are', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026&peers=group:nordics');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: 'peer-group-not-found',
      message: 'No saved peer group called "nordics". Saved groups: benelux.',
    });
  });

  it('lists saved groups at /api/v1/peer-groups', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/peer-groups');
    expect(res.body).toEqual([{ name: 'benelux', spec: 'Antwerpen,Amsterdam,Rotterdam,Gent,Bruxelles' }]);
  });
});

describe('segments in the API and the CLI (?segment=role:it, --segment)', () => {
  it('gives the figures of one segment with the same suppression as the pages, and says which segment', async () => {
    const agent = await t.as('viewer');
    const res = await agent.get('/api/v1/scores?wave=2026&segment=role:policy');
    expect(res.status).toBe(200);
    expect(res.body.segment).toBe('role:policy');
    const { loadDashboardWave } = await import('../../src/services/dashboard-data.js');
    const dw = await loadDashboardWave(t.store.db, 2026, undefined, 'role:policy');
    // Same cities and figures as the dashboards compute for the segment.
    expect(res.body.cities.map((c: { slug: string }) => c.slug)).toEqual(dw.ws.cities.map((c) => c.city));
    for (const c of res.body.cities as {
      slug: string;
      respondents: number | null;
      dimensions: { score: number | null; n: number | null; suppressed: boolean }[];
    }[]) {
      const page = dw.ws.cities.find((x) => x.city === c.slug)!;
      expect(c.dimensions.map((d) => d.score)).toEqual(page.dimensions.map((d) => d.score));
      for (const d of c.dimensions) if (d.suppressed) expect(d.n).toBeNull();
      if (c.dimensions.every((d) => d.suppressed)) expect(c.respondents).toBeNull();
    }
    expect((res.body.cities as { respondents: number | null }[]).some((c) => c.respondents === null)).toBe(true);
    const all = await agent.get('/api/v1/scores?wave=2026');
    expect(all.body.segment).toBeNull();

    const gaps = await agent.get('/api/v1/cities/gent/gaps?wave=2026&segment=role:it');
    expect(gaps.status).toBe(200);
    expect(gaps.body.segment).toBe('role:it');
    const bad = await agent.get('/api/v1/scores?wave=2026&segment=colour:red');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code ?? bad.body.code).toBe('segment-invalid');
  });
});
