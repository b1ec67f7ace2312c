import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSurvey } from '../../src/import/import-survey.js';
import { parseCityMap } from '../../src/import/validate/city-map.js';
import { runCli } from '../support/run-cli.js';
import { cityRespondents, importCsv, surveyCsv } from '../support/survey-csv.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { referenceStore } from '../support/test-store.js';

/** 3 rows written "Gnt" and 2 of Antwerpen: the file an analyst uploads after Gent's 9 are in. */
const nearMissFile = () => surveyCsv([...cityRespondents('Gnt', 3, 10), ...cityRespondents('Antwerpen', 2)]);

let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ store: await referenceStore() });
  await importCsv(t.store, surveyCsv(cityRespondents('Gent', 9)), 'gent-first.csv');
});
afterEach(async () => t.store.close());

const tokenOf = (html: string) => /name="token" value="([0-9a-f]+)"/.exec(html)![1]!;
const perCityRow = (html: string, city: string) =>
  new RegExp(`<tr data-city="${city}">[\\s\\S]*?</tr>`).exec(html)?.[0].replace(/\s+/g, ' ') ?? '';

describe('near-miss city names in the web import', () => {
  it('asks "did you mean Gent?", maps on request, shows Gent 9 → 12, records and audits the mapping', async () => {
    const agent = await t.as('analyst');
    const preview = await agent.post('/imports/preview').attach('file', nearMissFile(), 'wave2.csv');
    expect(preview.status).toBe(200);
    // Unmapped: "Gnt" would be a new city with 3 respondents; the form offers Gent first.
    expect(perCityRow(preview.text, 'Gnt')).toContain('<td class="num">0</td><td class="num">0 → 3</td>');
    expect(preview.text).toContain('“Gnt” (BE, 3 rows) is not a known city.');
    expect(preview.text).toMatch(/<select name="mapCity" id="map-city-0">\s*<option value="Gnt=Gent">Gent<\/option>/);
    expect(preview.text).toContain('Did you mean Gent? Map it with --map-city');

    const remapped = await agent
      .post('/imports/remap')
      .type('form')
      .send({ token: tokenOf(preview.text), mapCity: 'Gnt=Gent' });
    expect(remapped.status).toBe(200);
    // 9 stored + 3 mapped = 12; Antwerpen 0 + 2.
    expect(perCityRow(remapped.text, 'Gent')).toContain('<td class="num">9</td><td class="num">9 → 12</td>');
    expect(perCityRow(remapped.text, 'Gent')).toContain('(“Gnt”)');
    expect(perCityRow(remapped.text, 'Antwerpen')).toContain('0 → 2');
    expect(remapped.text).not.toContain('id="import-near-miss"');
    expect(remapped.text).toContain('City names mapped: “Gnt” → Gent');

    const done = await agent
      .post('/imports/confirm')
      .type('form')
      .send({ token: tokenOf(remapped.text) });
    expect(done.status).toBe(303);
    const summary = await agent.get(done.headers.location!);
    expect(summary.text).toContain('City names mapped: “Gnt” → Gent');
    expect(summary.text).toContain('<a href="/cities/gent?wave=2026">Gent</a> (3)');
    expect(summary.text).toContain('<a href="/cities/antwerpen?wave=2026">Antwerpen</a> (2)');
    expect(summary.text).toMatch(/id="import-undo-link" href="\/imports\/\d+\/undo"/);
    const cities = await t.store.db.selectFrom('cities').select('name').where('name', '=', 'Gnt').execute();
    expect(cities).toEqual([]);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'import')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!).cityMap).toEqual([{ from: 'Gnt', to: 'Gent' }]);
    const stored = await t.store.db
      .selectFrom('respondents')
      .innerJoin('cities', 'cities.id', 'respondents.city_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('cities.slug', '=', 'gent')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(12);
  });

  it('keeps "Gnt" as a new city when the analyst chooses so', async () => {
    const agent = await t.as('analyst');
    const preview = await agent.post('/imports/preview').attach('file', nearMissFile(), 'wave2.csv');
    const again = await agent
      .post('/imports/remap')
      .type('form')
      .send({ token: tokenOf(preview.text), mapCity: '' });
    expect(perCityRow(again.text, 'Gnt')).toContain('0 → 3');
  });

  it('refuses a mapping to a city nobody knows, naming it', async () => {
    const res = await (
      await t.as('analyst')
    )
      .post('/api/v1/imports')
      .field('mapCity', 'Gnt=Gnet')
      .attach('file', nearMissFile(), 'wave2.csv');
    expect(res.status).toBe(422);
    expect(res.body.errors[0].code).toBe('city-map-invalid');
    expect(res.body.errors[0].message).toBe(
      'City mapping "Gnt=Gnet": no known city is called "Gnet"; did you mean Gent?',
    );
  });

  it('matches "gent " and the exonyms Ghent and Gand without asking', async () => {
    const summary = await importSurvey(t.store, {
      bytes: surveyCsv([
        ...cityRespondents('gent ', 1, 20),
        ...cityRespondents('Ghent', 1, 30),
        ...cityRespondents('Gand', 1, 40),
      ]),
      fileName: 'exonyms.csv',
      dryRun: true,
      createdBy: 'test',
      now: new Date(),
    });
    expect(summary.cities).toEqual({ matched: ['Gent'], added: [] });
    expect(summary.perCity).toEqual([
      { wave: 2026, city: 'Gent', country: 'BE', before: 9, after: 12, newCity: false, mappedFrom: [] },
    ]);
    expect(summary.citySuggestions).toEqual([]);
  });
});

describe('undo an analyst trusts', () => {
  it('asks first showing what it removes per city, then says it was done', async () => {
    const agent = await t.as('analyst');
    const second = await importCsv(t.store, nearMissFile(), 'wave2.csv');
    const ask = await agent.get(`/imports/${second.importId}/undo`);
    expect(ask.text).toMatch(/<th scope="row">Antwerpen<\/th><td class="num">2<\/td>/);
    expect(ask.text).toMatch(/<th scope="row">Gnt<\/th><td class="num">3<\/td>/);
    const undo = await agent.post(`/imports/${second.importId}/undo`).type('form').send({});
    expect(undo.status).toBe(303);
    expect(undo.headers.location).toBe(`/imports?undone=${second.importId}`);
    const list = await agent.get(undo.headers.location!);
    expect(list.text).toContain(
      `Import #${second.importId} was undone: 5 respondents of “wave2.csv” were taken out of every figure.`,
    );
    // A committed import named in ?undone= is not claimed as undone.
    const first = (await agent.get('/imports?undone=1')).text;
    expect(first).not.toContain('id="undo-done"');
  });
});

describe('maturity import --map-city', () => {
  const dir = mkdtempSync(join(tmpdir(), 'maturity-map-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('maps "Gnt" to Gent and prints the effect per city', () => {
    const file = join(dir, 'gnt.csv');
    writeFileSync(file, surveyCsv(cityRespondents('Gnt', 3)));
    const db = join(dir, 'cli.sqlite');
    const plain = runCli(['import', file, '--dry-run', '--db', db]);
    expect(plain.stdout).toContain('did you mean Gent for "Gnt"? add --map-city "Gnt=Gent"');
    const r = runCli(['import', file, '--map-city', 'Gnt=Gent', '--json', '--db', db]);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.cityMap).toEqual([{ from: 'Gnt', to: 'Gent' }]);
    expect(summary.perCity).toEqual([
      { wave: 2026, city: 'Gent', country: 'BE', before: 0, after: 3, newCity: false, mappedFrom: ['Gnt'] },
    ]);
  });

  it('names a mapping without "="', () => {
    expect(() => parseCityMap(['Gnt'])).toThrow(
      '"Gnt" is not a city mapping: write the name in the file, "=", and the known city (e.g. Gnt=Gent).',
    );
  });
});
