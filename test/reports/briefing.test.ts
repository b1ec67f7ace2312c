import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
import { gapBarsConfig } from '../../src/reports/chart-images.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { renderReport } from '../../src/reports/render-report.js';
import { pdfText } from '../support/pdf-text.js';
import { demoStore } from '../support/test-store.js';

const NOW = new Date('2026-06-02T10:00:00Z');
let store: Store;
beforeAll(async () => {
  store = await demoStore();
});
afterAll(async () => store.close());

const order = (text: string, parts: readonly string[]) =>
  parts.map((p) => {
    const at = text.indexOf(p);
    expect(at, `"${p}" in the text`).toBeGreaterThanOrEqual(0);
    return at;
  });

describe('the gap report as a briefing', () => {
  it('opens the PDF with the verdict, then the gap chart, priorities and steps, and keeps method and hashes for the annex', async () => {
    const report = await loadGapReport(store.db, { city: 'Gent', wave: 2026, now: NOW });
    const { text } = await pdfText(await renderReport(report, 'pdf'));
    const positions = order(text, [
      'Verdict',
      report.verdict.slice(0, 40),
      'Priorities and next steps',
      'What the levels mean',
      'Annex: method and provenance',
      'SHA-256',
    ]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toContain('the five largest cities: London, Berlin, Madrid, Roma, Paris');
    expect(text).toMatch(/rank \d+ of 36/);
    expect(text).toContain('Level 2: Exploring (20 to 40)');
    // provenance and formulas only after the annex heading
    const annex = text.indexOf('Annex: method and provenance');
    expect(text.indexOf('Gap to target = max(0, target − score)')).toBeGreaterThan(annex);
    expect(text.slice(0, annex)).not.toContain('largest:5');
  });

  it('gives each priority its steps with stage and layer, in Dutch too', async () => {
    const report = await loadGapReport(store.db, { city: 'Gent', wave: 2026, lang: 'nl', now: NOW });
    expect(report.verdict).toMatch(/^Gent staat op plaats \d+ van 36 steden/);
    expect(report.priorities.map((p) => p.key).sort()).toEqual([
      'compliance',
      'impact',
      'infrastructure',
      'interoperability',
      'sovereignty',
    ]);
    const html = (await renderReport(report, 'html')).toString('utf8');
    const positions = order(html, ['id="verdict"', 'id="priorities"', 'id="levels"', 'id="annex"', 'id="imports"']);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(html).toMatch(/Verkennen · (business \(pro-code\)|team\/dienst \(low-code\)|persoonlijk \(no-code\))/);
    expect(html).toContain('Prioriteiten en volgende stappen');
  });

  it('draws clear gaps solid and unclear ones pale, labelled, with their intervals', async () => {
    // Against all other cities Gent has both kinds in the demo data.
    const report = await loadGapReport(store.db, { city: 'Gent', wave: 2026, peers: parsePeers('all'), now: NOW });
    const config = gapBarsConfig(report);
    const dataset = config.data.datasets[0]! as unknown as { backgroundColor: string[] };
    report.dimensions.forEach((d, i) => {
      const clear = d.testable && d.significant === true;
      expect((config.data.labels![i] as string[]).join(' ').includes('(not clear)')).toBe(!clear);
      expect(dataset.backgroundColor[i]!.startsWith('rgba(')).toBe(!clear);
      expect(d.gapCiLow).toBeLessThan(d.gapCiHigh!);
    });
    expect(report.dimensions.some((d) => d.significant === true)).toBe(true);
    expect(report.dimensions.some((d) => d.significant === false)).toBe(true);
  });

  it('writes the Dutch CSV with ";" between columns and decimal commas, so Belgian Excel opens it as columns', async () => {
    const report = await loadGapReport(store.db, { city: 'Gent', wave: 2026, lang: 'nl', now: NOW });
    const text = (await renderReport(report, 'csv')).toString('utf8').slice(1);
    expect(text.split('\r\n')[0]!.replaceAll('"', '')).toBe('section;dimension;item;label;measure;value;status');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, delimiter: ';', skipEmptyLines: true }).data;
    const score = rows.find(
      (r) => r.section === 'dimension' && r.dimension === 'sovereignty' && r.measure === 'score',
    )!;
    expect(score.value).toBe(String(Math.round(report.dimensions[0]!.score! * 100) / 100).replace('.', ','));
    expect(rows.find((r) => r.measure === 'verdict')!.value).toBe(report.verdict);
    const en = (
      await renderReport(await loadGapReport(store.db, { city: 'Gent', wave: 2026, now: NOW }), 'csv')
    ).toString('utf8');
    expect(en.slice(1).split('\r\n')[0]!.replaceAll('"', '')).toBe('section,dimension,item,label,measure,value,status');
  });

  it('honours a segment and says so', async () => {
    const all = await loadGapReport(store.db, { city: 'Gent', wave: 2026, now: NOW });
    const it_ = await loadGapReport(store.db, { city: 'Paris', wave: 2026, segment: 'layer:team', now: NOW });
    expect(all.segment).toBeNull();
    expect(it_.segment).toBe('Organisational layer: Team self-reliance (low-code)');
    const full = await loadGapReport(store.db, { city: 'Paris', wave: 2026, now: NOW });
    expect(it_.respondents).toBeLessThan(full.respondents);
    const { text } = await pdfText(await renderReport(it_, 'pdf'));
    expect(text).toContain('Respondents counted Only respondents with Organisational layer: Team self-reliance');
  });
});
