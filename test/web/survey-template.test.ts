import { describe, expect, it } from 'vitest';
import { importSurvey } from '../../src/import/import-survey.js';
import { makeTestApp } from '../support/test-app.js';
import { referenceStore } from '../support/test-store.js';

describe('GET /instrument/:id/template.csv', () => {
  it('gives a CSV the importer accepts as it is, linked from the instrument page', async () => {
    const t = await makeTestApp();
    const agent = await t.as('viewer');
    const page = await agent.get('/instrument');
    expect(page.text).toContain('href="/instrument/eurocities-ai-2026/template.csv"');
    const res = await agent
      .get('/instrument/eurocities-ai-2026/template.csv')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('eurocities-ai-2026-template.csv');
    const bytes = res.body as Buffer;
    const header = bytes.toString('utf8').slice(1).split('\r\n')[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['respondent_id', 'city', 'country', 'survey_year']);
    expect(header).toContain('SOV01');
    expect(header.at(-1)).toBe('INF06');
    const store = await referenceStore();
    const summary = await importSurvey(store, {
      bytes,
      fileName: 'template.csv',
      createdBy: 'test',
      now: new Date('2026-06-01T00:00:00Z'),
      dryRun: true,
    });
    expect(summary.errors).toEqual([]);
    expect(summary.respondents).toBe(1);
    const nl = await agent.get('/instrument/eurocities-ai-2026/template.csv?lang=nl');
    expect(nl.text.slice(1).split('\r\n')[0]!.startsWith('respondent_id;city;country;survey_year;')).toBe(true);
    expect((await agent.get('/instrument/nope/template.csv')).status).toBe(404);
    await store.close();
  });
});
