import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/db/repositories/audit-log.js';
import { cityRespondents, surveyCsv } from '../support/survey-csv.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let doc: { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
let ajv: Ajv2020;

beforeAll(async () => {
  t = await makeTestApp();
  const res = await (await t.as('viewer')).get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'https://maturity-radar/openapi', $defs: doc.components.schemas }, 'openapi');
});

/** Validates a real response body against the description's schema `name`; the errors in the message. */
function expectValid(name: string, body: unknown): void {
  // The generator writes refs as #/components/schemas/X; under $defs they resolve as #/$defs/X.
  const schema = JSON.parse(
    JSON.stringify(doc.components.schemas[name]).replaceAll(
      '#/components/schemas/',
      'https://maturity-radar/openapi#/$defs/',
    ),
  );
  const validate = ajv.compile(schema);
  const ok = validate(body);
  expect(ok, `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 description of every API route, each answering as it says', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/cities',
        '/cities/{slug}/gaps',
        '/cities/{slug}/targets',
        '/cities/{slug}/what-if',
        '/common-gaps',
        '/imports',
        '/imports/{id}/undo',
        '/peer-groups',
        '/scores',
        '/waves',
      ].sort(),
    );
    const agent = await t.as('viewer');
    const cases: [string, string][] = [
      ['Waves', '/api/v1/waves'],
      ['Cities', '/api/v1/cities'],
      ['Imports', '/api/v1/imports'],
      ['PeerGroups', '/api/v1/peer-groups'],
      ['Scores', '/api/v1/scores?wave=2026'],
      ['CommonGaps', '/api/v1/common-gaps?wave=2026'],
      ['Gaps', '/api/v1/cities/gent/gaps?wave=2026'],
      ['Gaps', '/api/v1/cities/gent/gaps?wave=2026&lang=nl&peers=country:BE'],
      ['Targets', '/api/v1/cities/gent/targets'],
      ['WhatIf', '/api/v1/cities/gent/what-if?wave=2026&raise=SOV:70'],
      ['Error', '/api/v1/cities/nowhere/gaps?wave=2026'],
    ];
    for (const [name, url] of cases) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(name === 'Error' ? 404 : 200);
      expectValid(name, res.body);
    }
  });

  it('describes the import and its undo, each answering as it says (dry run, stored, refused, undone)', async () => {
    const analyst = await t.as('analyst', { via: 'token' });
    const csv = surveyCsv(cityRespondents('Gent', 3, 900));
    const dry = await analyst.post('/api/v1/imports').field('dryRun', 'true').attach('file', csv, 'gent.csv');
    expect(dry.status).toBe(200);
    expectValid('ImportSummary', dry.body);
    const stored = await analyst
      .post('/api/v1/imports')
      .field('mapCity', 'Gnt=Gent')
      .attach('file', surveyCsv(cityRespondents('Gnt', 3, 910)), 'gnt.csv');
    expect(stored.status).toBe(201);
    expectValid('ImportSummary', stored.body);
    expect(stored.body.cityMap).toEqual([{ from: 'Gnt', to: 'Gent' }]);
    const refused = await analyst
      .post('/api/v1/imports')
      .attach('file', Buffer.from('not,a\nsurvey,file\n'), 'bad.csv');
    expect(refused.status).toBe(422);
    expectValid('ImportSummary', refused.body);
    const undone = await analyst.post(`/api/v1/imports/${stored.body.importId}/undo`);
    expect(undone.status).toBe(200);
    expectValid('UndoneImport', undone.body);
    expect(undone.body.undoneAt).not.toBeNull();
    const form = (doc.paths['/imports'] as { post: { requestBody: { content: Record<string, unknown> } } }).post
      .requestBody.content['multipart/form-data'] as { schema: { properties: Record<string, unknown> } };
    expect(Object.keys(form.schema.properties)).toEqual(
      expect.arrayContaining([
        'file',
        'wave',
        'instrument',
        'city',
        'country',
        'sheet',
        'includeIncomplete',
        'mapCity',
        'dryRun',
      ]),
    );
  });

  it('catches a response that breaks the description (the validation can fail)', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026');
    const broken = { ...res.body, verdict: 42 };
    const schema = JSON.parse(
      JSON.stringify(doc.components.schemas.Gaps).replaceAll(
        '#/components/schemas/',
        'https://maturity-radar/openapi#/$defs/',
      ),
    );
    expect(ajv.compile(schema)(broken)).toBe(false);
  });

  it('has a reference page for people, linked from every page footer', async () => {
    const agent = await t.as('viewer');
    const page = await agent.get('/api-reference?lang=nl');
    expect(page.status).toBe(200);
    expect(page.text).toContain('API-referentie');
    expect(page.text).toContain('/api/v1/cities/{slug}/what-if');
    const city = await agent.get('/cities/gent?wave=2026');
    expect(city.text).toMatch(/<footer[^>]*>.*<a href="\/api-reference">API reference<\/a>/s);
  });
});

describe('GET /api/v1/cities/:slug/gaps: verdict and next steps', () => {
  it('gives the verdict, priorities and next steps in the language asked', async () => {
    const agent = await t.as('viewer');
    const en = (await agent.get('/api/v1/cities/gent/gaps?wave=2026')).body;
    expect(en.peerGroupName).toBe('the five largest cities');
    expect(en.verdict).toMatch(/^Gent is at rank \d+ of \d+ cities on the maturity index/);
    expect(en.verdict).toContain('Compared with the five largest cities');
    const nl = (await agent.get('/api/v1/cities/gent/gaps?wave=2026&lang=nl')).body;
    expect(nl.verdict).toMatch(/^Gent staat op plaats \d+ van \d+ steden/);
    expect(nl.priorities).toEqual(en.priorities);
    expect(new Set(en.priorities)).toEqual(
      new Set(['sovereignty', 'impact', 'compliance', 'interoperability', 'infrastructure']),
    );
    for (const d of en.dimensions) {
      expect(d.nextLevel).toBe(d.level + 1);
      // level bands start at 0, 20, 40, 60, 80: the next one starts at 20 · level
      expect(d.pointsToNextLevel).toBeCloseTo(20 * d.level - d.score, 9);
      expect(d.nextSteps.length).toBeGreaterThan(0);
    }
    // Clearly behind first: every clear gap behind precedes every dimension without one.
    const clear = (key: string) => {
      const d = en.dimensions.find((x: { key: string }) => x.key === key);
      return d.significant === true && d.gapToPeers > 0;
    };
    const flags = en.priorities.map(clear);
    expect(flags).toEqual([...flags].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
    const nlSteps = nl.dimensions[0].nextSteps.map((s: { text: string }) => s.text);
    expect(nlSteps).not.toEqual(en.dimensions[0].nextSteps.map((s: { text: string }) => s.text));
  });

  it('refuses an unknown language with 400', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/gaps?wave=2026&lang=fr');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"lang"/);
  });
});

describe('targets through the API', () => {
  it('lets an analyst set, change and remove a target, each audited; a viewer may only read', async () => {
    const analyst = await t.as('analyst', { via: 'token' });
    const viewer = await t.as('viewer', { via: 'token' });
    const put = (token: string, body: unknown) =>
      request(t.app)
        .put('/api/v1/cities/gent/targets')
        .set('Authorization', `Bearer ${token}`)
        .send(body as object);

    const refused = await put(viewer.token!, { wave: 2026, dimension: 'sovereignty', value: 70 });
    expect(refused.status).toBe(403);

    const set = await put(analyst.token!, { wave: 2026, dimension: 'SOV', value: 70 });
    expect(set.status).toBe(200);
    expectValid('Targets', set.body);
    expect(set.body.targets).toEqual([
      expect.objectContaining({ wave: 2026, dimension: 'sovereignty', value: 70, setBy: 'test-analyst' }),
    ]);
    await put(analyst.token!, { wave: 2026, dimension: 'sovereignty', value: 72.5 });
    const read = await viewer.get('/api/v1/cities/gent/targets?wave=2026');
    expect(read.body.targets.map((x: { value: number }) => x.value)).toEqual([72.5]);

    const bad = await put(analyst.token!, { wave: 2026, dimension: 'sovereignty', value: 140 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Body field "value"/);
    const unknown = await put(analyst.token!, { wave: 2026, dimension: 'xyz', value: 50 });
    expect(unknown.status).toBe(404);

    const removed = await put(analyst.token!, { wave: 2026, dimension: 'sovereignty', value: null });
    expect(removed.body.targets).toEqual([]);
    const audit = (await listAudit(t.store.db)).filter((a) => a.action.startsWith('target-'));
    expect(audit.map((a) => [a.action, a.target, JSON.parse(a.detail!).after])).toEqual([
      ['target-remove', 'Gent 2026 sovereignty', null],
      ['target-set', 'Gent 2026 sovereignty', 72.5],
      ['target-set', 'Gent 2026 sovereignty', 70],
    ]);
  });
});

describe('GET /api/v1/cities/:slug/what-if', () => {
  it('raises a dimension and returns the changed index, rank and verdict next to the real ones', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/what-if?wave=2026&raise=interop:90');
    expect(res.status).toBe(200);
    const { before, after, raise } = res.body;
    expect(raise).toEqual([{ dimension: 'interoperability', from: expect.any(Number), to: 90 }]);
    // index = mean of five equally weighted dimensions: raising one by δ raises the index by δ / 5
    expect(after.index - before.index).toBeCloseTo((90 - raise[0].from) / 5, 9);
    expect(after.rank.rank).toBeLessThanOrEqual(before.rank.rank);
    expect(after.dimensions.find((d: { key: string }) => d.key === 'interoperability').score).toBeCloseTo(90, 9);
    expect(after.verdict).not.toBe(before.verdict);
  });

  it('says what is wrong with a bad raise', async () => {
    const res = await (await t.as('viewer')).get('/api/v1/cities/gent/what-if?wave=2026&raise=SOV');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/is not dimension:score/);
  });
});

describe('the city page: targets form and what-if page', () => {
  it('refuses the target form to a viewer and without a CSRF token; stores it for an analyst and redirects back', async () => {
    const viewer = await t.as('viewer');
    expect(
      (await viewer.post('/cities/gent/targets').type('form').send({ wave: '2026', dimension: 'impact', value: '60' }))
        .status,
    ).toBe(403);
    const analyst = await t.as('analyst');
    expect(
      (
        await analyst
          .postWithoutCsrf('/cities/gent/targets')
          .type('form')
          .send({ wave: '2026', dimension: 'impact', value: '60' })
      ).status,
    ).toBe(403);
    const ok = await analyst
      .post('/cities/gent/targets?lang=nl')
      .type('form')
      .send({ wave: '2027', dimension: 'impact', value: '60,5' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/cities/gent?wave=2027&lang=nl#targets');
    const page = await analyst.get('/cities/gent?wave=2026&lang=nl');
    expect(page.text).toMatch(
      /<td>2027<\/td><th scope="row">Impactmeting &amp; indicatoren voor AI<\/th><td class="num">60,5<\/td><td class="num">—<\/td><td class="num">nog geen score<\/td>/,
    );
  });

  it('renders the what-if page from raise= or the form fields, and names a bad value', async () => {
    const agent = await t.as('viewer');
    const page = await agent.get('/cities/gent/what-if?wave=2026&raise=SOV:70&to.impact=55');
    expect(page.status).toBe(200);
    expect(page.text).toContain('AI sovereignty:');
    expect(page.text).toContain('AI impact measurement &amp; metrics:');
    const bad = await agent.get('/cities/gent/what-if?wave=2026&to.impact=500');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Target &#34;500&#34; is not a score from 0 to 100.');
  });
});

describe('the home city on the overview', () => {
  it('highlights Gent (the default home city) and offers "Gent vs the five largest cities"', async () => {
    const agent = await t.as('viewer');
    const en = await agent.get('/?wave=2026');
    expect(en.text).toMatch(
      /<p class="home-entry" id="home-entry">\s*<a href="\/cities\/gent\?wave=2026&amp;peers=largest%3A5">Gent vs the five largest cities →<\/a>/,
    );
    expect(en.text).toMatch(/<tr class="home-city"><th scope="row"><a href="\/cities\/gent[^"]*">Gent<\/a>/);
    expect((en.text.match(/class="home-city"/g) ?? []).length).toBe(1);
    const nl = await agent.get('/?wave=2026&lang=nl');
    expect(nl.text).toContain('Gent tegenover de vijf grootste steden →');
  });
});
