import ExcelJS from 'exceljs';
import type { Response } from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../../src/web/content-disposition.js';
import { pdfStructure } from '../support/pdf-structure.js';
import { pdfText } from '../support/pdf-text.js';
import { makeTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(async () => t.store.close());

/** Collects a binary body as a Buffer, whatever its content type. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('GET /reports/gap.{format}', () => {
  it('downloads the PDF with an RFC 6266 file name', async () => {
    const res = await (
      await t.as('viewer')
    )
      .get('/reports/gap.pdf?city=gent&wave=2026&peers=largest:5')
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="gap-report-gent-2026.pdf"; filename*=UTF-8''gap-report-gent-2026.pdf`,
    );
    const { text } = await pdfText(res.body as Buffer);
    expect(text).toContain('Gap report: Gent, 2026');
    expect(text).toContain('London, Berlin, Madrid, Roma, Paris');
  });

  it('tags the PDF for screen readers: language, title shown, headings, tables with header cells, figures with alternative text', async () => {
    const res = await (
      await t.as('viewer')
    )
      .get('/reports/gap.pdf?city=gent&wave=2026&peers=largest:5&lang=nl')
      .buffer(true)
      .parse(binary);
    const pdf = await pdfStructure(res.body as Buffer);
    expect(pdf).toMatchObject({ marked: true, lang: 'nl', title: 'Kloofrapport: Gent, 2026', displayTitle: true });
    // Reading order: the SYNTHETIC note, the title, the facts, the verdict, then the gap chart (the radar follows in the detail).
    expect(pdf.roles.slice(0, 3)).toEqual(['Document', 'P', 'H1']);
    expect(pdf.roles.indexOf('H2')).toBeLessThan(pdf.roles.indexOf('Figure'));
    expect(pdf.roles.filter((r) => r === 'H1')).toHaveLength(1);
    expect(pdf.roles.filter((r) => r === 'H2').length).toBeGreaterThanOrEqual(5);
    // The per-dimension table: its header row of TH, then one TR per figure (13), each led by a TH.
    const first = pdf.roles.indexOf('Table');
    expect(pdf.roles.slice(first, first + 3)).toEqual(['Table', 'TR', 'TH']);
    expect(pdf.figureAlts).toHaveLength(2);
    for (const alt of pdf.figureAlts)
      expect(alt).toContain('De cijfers achter de grafiek staan in de tabel “Per dimensie”.');
    expect(pdf.figureAlts[0]).toContain('Kloof tot de vijf grootste steden');
    expect(pdf.figureAlts[1]).toContain('Radar: Gent');
  });

  it('downloads XLSX, CSV and Dutch HTML', async () => {
    const agent = await t.as('viewer');
    const xlsx = await agent.get('/reports/gap.xlsx?city=Ghent&wave=2026').buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('filename="gap-report-gent-2026.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(wb.getWorksheet('Report')!.getRow(5).getCell(2).value).toBe('Gent');

    const csv = await agent.get('/reports/gap.csv?city=gent&wave=2026&peers=country:BE');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text).toContain('"report","","","Peer group","peer_group","country:BE",""');

    const html = await agent.get('/reports/gap.html?city=gent&wave=2026&lang=nl');
    expect(html.status).toBe(200);
    expect(html.headers['content-disposition']).toContain('filename="gap-report-gent-2026-nl.html"');
    expect(html.text).toContain('Kloofrapport: Gent, 2026');
  });

  it('answers 404 for an unknown format or city, 400 for a missing city or a bad language', async () => {
    const agent = await t.as('viewer');
    expect((await agent.get('/reports/gap.docx?city=gent').set('Accept', 'application/json')).body.error.code).toBe(
      'format-not-found',
    );
    const unknown = await agent.get('/reports/gap.pdf?city=atlantis&wave=2026').set('Accept', 'application/json');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No city called "atlantis".');
    expect((await agent.get('/reports/gap.csv?wave=2026')).status).toBe(400);
    expect((await agent.get('/reports/gap.csv?city=gent&lang=fr')).status).toBe(400);
  });

  it('links the four downloads from the city page', async () => {
    const res = await (await t.as('viewer')).get('/cities/gent?wave=2026&peers=largest:5');
    expect(res.text).toContain('id="report-downloads"');
    for (const f of ['pdf', 'xlsx', 'csv', 'html']) {
      expect(res.text).toContain(`href="/reports/gap.${f}?city=gent&amp;wave=2026&amp;peers=largest%3A5&amp;lang=en"`);
    }
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('gap-report-liège-2026.pdf')).toBe(
      `attachment; filename="gap-report-liege-2026.pdf"; filename*=UTF-8''gap-report-li%C3%A8ge-2026.pdf`,
    );
    expect(contentDisposition('a "b".pdf')).toBe(`attachment; filename="a _b_.pdf"; filename*=UTF-8''a%20%22b%22.pdf`);
  });
});
