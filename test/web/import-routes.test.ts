import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countAllTables, referenceStore } from '../support/test-store.js';
import { readFixture } from '../support/fixtures.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';
import { addInstrument } from '../../src/db/repositories/instruments.js';

const corpus = (file: string) => readFixture('import', 'corpus', file);
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ store: await referenceStore() });
});
afterEach(async () => t.store.close());

const tool = (file: string) => readFixture('import', 'tools', file);
const addToolInstrument = async (name: string) =>
  (await addInstrument(t.store.db, tool(`${name}.instrument.json`).toString('utf8'), '2026-06-01T00:00:00.000Z')).id;

describe('a file from one city: city, country and unfinished responses on the form and in the API', () => {
  it('imports a Google Forms export through the API with city and country (a country name), 201', async () => {
    const instrument = await addToolInstrument('google-forms');
    const res = await (
      await t.as('analyst')
    )
      .post('/api/v1/imports')
      .field('wave', '2026')
      .field('instrument', instrument)
      .field('city', 'Gent')
      .field('country', 'België')
      .attach('file', tool('google-forms.csv'), 'responses.csv');
    expect(res.status).toBe(201);
    expect(res.body.respondents).toBe(4);
    expect(res.body.cities).toEqual({ matched: ['Gent'], added: [] });
  });

  it('refuses an unknown country with 400 naming it, storing nothing', async () => {
    const before = await countAllTables(t.store);
    const res = await (
      await t.as('analyst')
    )
      .post('/api/v1/imports')
      .field('country', 'Atlantis')
      .attach('file', tool('google-forms.csv'), 'responses.csv');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('country-invalid');
    expect(res.body.error.message).toContain('"Atlantis" is not a country');
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('keeps the options from preview to confirm (unfinished responses kept: 5 respondents)', async () => {
    const instrument = await addToolInstrument('limesurvey');
    const agent = await t.as('analyst');
    const preview = await agent
      .post('/imports/preview')
      .field('wave', '2026')
      .field('instrument', instrument)
      .field('city', 'Gent')
      .field('country', 'BE')
      .field('includeIncomplete', 'true')
      .attach('file', tool('limesurvey.csv'), 'lime.csv');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('data-count="respondents">5<');
    const token = /name="token" value="([0-9a-f]+)"/.exec(preview.text)![1]!;
    expect((await agent.post('/imports/confirm').type('form').send({ token })).status).toBe(303);
    expect((await countAllTables(t.store)).respondents).toBe(5);
  });

  it('drafts an instrument from an uploaded export as a JSON download', async () => {
    const res = await (
      await t.as('analyst')
    )
      .post('/instruments/draft')
      .attach('file', tool('eusurvey.xlsx'), 'eusurvey.xlsx');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('draft-eusurvey.json');
    const draft = JSON.parse(res.text) as { columns: { id: string }; notes: string[] };
    expect(draft.columns.id).toBe('Contribution ID');
    expect(draft.notes.join(' ')).toContain('--city');
  });
});

describe('upload → preview → confirm', () => {
  it('previews a good file without storing it, then commits it on confirm and redirects to its summary', async () => {
    const agent = await t.as('analyst');
    const before = await countAllTables(t.store);
    const preview = await agent.post('/imports/preview').attach('file', corpus('id-unknown-city.csv'), 'cities.csv');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('data-count="respondents">3<');
    expect(preview.text).toContain('data-count="answers">90<');
    expect(preview.text).toContain('data-count="added">Atlantis<');
    expect(preview.text).toContain('data-code="city-new"');
    // Only the pending upload is kept; no survey table changed.
    expect(await countAllTables(t.store)).toEqual({ ...before, pending_uploads: 1 });
    const token = /name="token" value="([0-9a-f]+)"/.exec(preview.text)![1]!;

    const confirm = await agent.post('/imports/confirm').type('form').send({ token });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.location).toBe('/imports/1');
    const after = await countAllTables(t.store);
    expect([after.imports, after.respondents, after.cities! - before.cities!, after.pending_uploads]).toEqual([
      1, 3, 1, 0,
    ]);

    const summary = await agent.get('/imports/1');
    expect(summary.status).toBe(200);
    expect(summary.text).toContain('data-count="respondents">3<');
    expect(summary.text).toContain('Atlantis');
    // A token works once.
    expect((await agent.post('/imports/confirm').type('form').send({ token })).status).toBe(404);
  });

  it('returns 422 and lists every error with row and column, storing nothing', async () => {
    const agent = await t.as('analyst');
    const before = await countAllTables(t.store);
    const res = await agent.post('/imports/preview').attach('file', corpus('id-wave-out-of-range.csv'), 'waves.csv');
    expect(res.status).toBe(422);
    expect(res.text.match(/data-code="wave-invalid"/g)).toHaveLength(3);
    expect(res.text).toContain('Row 4, survey_year: &#34;twenty&#34;');
    expect(res.text).not.toContain('name="token"');
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('refuses wave 2099 in the upload form and the API with the one wave rule, storing nothing', async () => {
    const agent = await t.as('analyst');
    const before = await countAllTables(t.store);
    const message = `Wave "2099" is not a survey year: write a year from 1990 to ${new Date().getUTCFullYear()}.`;
    const form = await agent
      .post('/imports/preview')
      .field('wave', '2099')
      .attach('file', corpus('hdr-qualtrics.csv'), 'q.csv');
    expect(form.status).toBe(400);
    expect(form.text).toContain(message.replaceAll('"', '&#34;'));
    const api = await agent
      .post('/api/v1/imports')
      .field('wave', '2099')
      .attach('file', corpus('hdr-qualtrics.csv'), 'q.csv');
    expect([api.status, api.body]).toEqual([400, { error: { code: 'wave-invalid', message } }]);
    const query = await agent.get('/api/v1/scores?wave=2099');
    expect([query.status, query.body]).toEqual([400, { error: { code: 'wave-invalid', message } }]);
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('refuses a binary file with 422 saying what it looks like', async () => {
    const res = await (
      await t.as('analyst')
    )
      .post('/imports/preview')
      .attach('file', corpus('bin-png.csv'), 'survey.csv');
    expect(res.status).toBe(422);
    expect(res.text).toContain('PNG image');
    const book = await (
      await t.as('analyst')
    )
      .post('/imports/preview')
      .attach('file', corpus('bin-xlsx.xlsx'), 'survey.xlsx');
    expect(book.status).toBe(422);
    expect(book.text).toContain('looks like a workbook');
  });

  it('returns 409 for a file already imported, and for respondents already stored', async () => {
    const agent = await t.as('analyst');
    expect((await agent.post('/api/v1/imports').attach('file', corpus('enc-utf8-no-bom.csv'), 'a.csv')).status).toBe(
      201,
    );
    const before = await countAllTables(t.store);
    const again = await agent.post('/imports/preview').attach('file', corpus('enc-utf8-no-bom.csv'), 'a.csv');
    expect(again.status).toBe(409);
    expect(again.text).toContain('data-code="duplicate-file"');
    const overlap = await agent.post('/imports/preview').attach('file', corpus('id-already-stored.csv'), 'b.csv');
    expect(overlap.status).toBe(409);
    expect(overlap.text).toContain('data-code="respondent-exists"');
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('answers 413 to a body over the upload limit, before storing anything', async () => {
    const small = await makeTestApp({ store: t.store, config: { uploadLimitBytes: 1024 } });
    const before = await countAllTables(t.store);
    const res = await (
      await small.as('analyst')
    )
      .post('/imports/preview')
      .attach('file', Buffer.alloc(200_000, 'a'), 'big.csv');
    expect(res.status).toBe(413);
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('cuts off with 413 a body that grows past the limit without declaring its length', async () => {
    const small = await makeTestApp({ store: t.store, config: { uploadLimitBytes: 100 * 1024 } });
    const before = await countAllTables(t.store);
    // 150 KiB of file under a 100 KiB limit: within the declared-length slack, so multer must stop it.
    const res = await (
      await small.as('analyst')
    )
      .post('/imports/preview')
      .attach('file', Buffer.alloc(150 * 1024, 'a'), 'big.csv');
    expect(res.status).toBe(413);
    expect(await countAllTables(t.store)).toEqual(before);
  });

  it('speaks Dutch with ?lang=nl', async () => {
    const res = await (await t.as('analyst')).get('/imports/new?lang=nl');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Bestand controleren');
    expect(res.text).toMatch(/action="\/imports\/preview\?_csrf=[^"&]+&amp;lang=nl"/); // the CSRF token rides in the query (multipart)
  });

  it('asks for a file when none is sent', async () => {
    const res = await (await t.as('analyst')).post('/imports/preview').field('wave', '2026');
    expect(res.status).toBe(400);
  });
});

describe('imports page and undo', () => {
  it('lists who, when, file, sha256 and counts, and undo removes what the import stored', async () => {
    const agent = await t.as('analyst');
    const created = await agent.post('/api/v1/imports').attach('file', corpus('dia-semicolon.csv'), 'semi.csv');
    const id = created.body.importId as number;
    const page = await agent.get('/imports');
    expect(page.status).toBe(200);
    expect(page.text).toContain('semi.csv');
    expect(page.text).toContain(created.body.sha256.slice(0, 12));
    // Undo asks first: the history links to a confirmation page that holds the form.
    expect(page.text).toContain(`href="/imports/${id}/undo"`);
    const confirm = await agent.get(`/imports/${id}/undo`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`action="/imports/${id}/undo"`);
    expect(confirm.text).toContain('semi.csv');
    expect(confirm.text).toContain('href="/imports" id="undo-cancel"');
    expect((await countAllTables(t.store)).respondents).toBeGreaterThan(0);
    const viewer = await t.as('viewer');
    expect((await viewer.get('/imports')).text).not.toContain(`/imports/${id}/undo`);
    expect((await viewer.get(`/imports/${id}/undo`)).status).toBe(403);

    const undo = await agent.post(`/imports/${id}/undo`).type('form').send({});
    expect(undo.status).toBe(303);
    expect((await countAllTables(t.store)).respondents).toBe(0);
    expect((await agent.get(`/imports/${id}`)).text).toContain('data-status="undone"');
    expect((await agent.post(`/imports/${id}/undo`).type('form').send({})).status).toBe(409);
    expect((await agent.get(`/imports/${id}/undo`)).text).not.toContain('id="undo-confirm"');
  });
});

describe('JSON API', () => {
  it('POST /api/v1/imports gives the CLI summary; dry run stores nothing; undo gives the record', async () => {
    const agent = await t.as('analyst');
    const before = await countAllTables(t.store);
    const dry = await agent
      .post('/api/v1/imports')
      .field('dryRun', 'true')
      .attach('file', corpus('hdr-qualtrics.csv'), 'q.csv');
    expect(dry.status).toBe(422); // no wave column and none given
    expect(dry.body.errors.map((e: { code: string }) => e.code)).toEqual(['missing-column']);
    const ok = await agent
      .post('/api/v1/imports')
      .field('dryRun', 'true')
      .field('wave', '2026')
      .attach('file', corpus('hdr-qualtrics.csv'), 'q.csv');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      importId: null,
      dryRun: true,
      respondents: 3,
      answers: 89,
      invalidCells: 1,
      format: 'qualtrics',
      wave: 2026,
    });
    expect(await countAllTables(t.store)).toEqual(before);

    const stored = await agent
      .post('/api/v1/imports')
      .field('wave', '2026')
      .attach('file', corpus('hdr-qualtrics.csv'), 'q.csv');
    expect(stored.status).toBe(201);
    expect(stored.body.warnings.map((w: { code: string; row?: number }) => [w.code, w.row])).toEqual([
      ['unknown-columns', 1],
      ['answer-invalid', 5],
    ]);
    const undone = await agent.post(`/api/v1/imports/${stored.body.importId}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ id: stored.body.importId, status: 'undone', respondents: 3 });
    expect((await agent.post('/api/v1/imports/999/undo')).status).toBe(404);
  });
});
