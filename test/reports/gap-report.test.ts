import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
import { importSurvey } from '../../src/import/import-survey.js';
import type { GapReport } from '../../src/reports/gap-report.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { neutralizeCsvText, neutralizeText } from '../../src/reports/neutralize-text.js';
import { renderReport, reportFileName } from '../../src/reports/render-report.js';
import { gapsJson } from '../../src/services/gaps-json.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { defaultInstrument } from '../support/fixtures.js';
import { pdfText } from '../support/pdf-text.js';
import { demoStore } from '../support/test-store.js';

const NOW = new Date('2026-06-02T10:00:00Z');
const DIMENSION_LABELS = [
  'AI sovereignty',
  'AI impact measurement & metrics',
  'AI compliance',
  'AI interoperability & standards',
  'AI technical infrastructure',
];
const EVIL = '=HYPERLINK("x")';

type CsvRow = Record<'section' | 'dimension' | 'item' | 'label' | 'measure' | 'value' | 'status', string>;
const parseCsv = (bytes: Buffer): CsvRow[] => {
  const text = bytes.toString('utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff); // BOM: spreadsheets read the accents
  const parsed = Papa.parse<CsvRow>(text.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
};
const readXlsx = async (bytes: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
};
const fmt1 = (v: number) => v.toFixed(1);

let store: Store;
let gent: GapReport;
beforeAll(async () => {
  store = await demoStore();
  gent = await loadGapReport(store.db, { city: 'Gent', wave: 2026, peers: parsePeers('largest:5'), now: NOW });
});
afterAll(async () => store.close());

describe('buildGapReport (via loadGapReport on the demo data)', () => {
  it('carries the same figures as the gaps command, with peers, trend and provenance', async () => {
    const ws = await loadWaveScoring(store.db, 2026);
    const gaps = gapsJson(ws, 'Gent', parsePeers('largest:5'));
    expect(gent.title).toBe('Gap report: Gent, 2026');
    expect(gent.peers).toEqual(['London', 'Berlin', 'Madrid', 'Roma', 'Paris']);
    expect(gent.synthetic).toBe(true);
    expect(gent.generatedAt).toBe('2026-06-02T10:00:00.000Z');
    expect(gent.dimensions.map((d) => d.label)).toEqual(DIMENSION_LABELS);
    gent.dimensions.forEach((d, i) => {
      expect(d.score).toBe(gaps.dimensions[i]!.score);
      expect(d.gapToPeers).toBe(gaps.dimensions[i]!.gapToPeers);
      expect(d.leader).toBe(gaps.dimensions[i]!.leader);
      expect(d.pValue).toBe(gaps.dimensions[i]!.pValue);
    });
    // The peer mean is the unweighted mean of the peer table: traceable within the report.
    gent.dimensions.forEach((d, i) => {
      const peerScores = gent.peerScores.map((p) => p.scores[i]).filter((s): s is number => s !== null);
      expect(d.peerMean).toBeCloseTo(peerScores.reduce((s, v) => s + v, 0) / peerScores.length, 10);
    });
    expect(gent.trend?.previousWave).toBe(2025);
    const before = (await loadWaveScoring(store.db, 2025)).cities.find((c) => c.city === 'gent')!;
    expect(gent.trend!.rows[1]!.previous).toBe(before.dimensions[0]!.score);
    expect(gent.trend!.rows[1]!.change).toBeCloseTo(gent.dimensions[0]!.score! - before.dimensions[0]!.score!, 10);
    expect(gent.imports.map((i) => i.fileName)).toEqual([
      'SYNTHETIC-demo-eurocities-ai-2026.csv',
      'SYNTHETIC-demo-eurocities-ai-2025.csv',
    ]);
    expect(gent.imports[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists the questions with the largest gaps to peers, largest first', () => {
    expect(gent.questions.length).toBe(10);
    for (const q of gent.questions) expect(q.gapToPeers).toBeCloseTo(q.peerMean - q.score, 10);
    const gapsInOrder = gent.questions.map((q) => q.gapToPeers);
    expect(gapsInOrder).toEqual([...gapsInOrder].sort((a, b) => b - a));
  });

  it('writes a summary naming the largest gap, and what is not significant', () => {
    const largest = [...gent.dimensions].sort((a, b) => b.gapToPeers! - a.gapToPeers!)[0]!;
    expect(gent.summary).toContain(`${largest.label} (${fmt1(largest.gapToPeers!)} points behind)`);
    // Tested as shown (mean of the peer means − Gent, Holm over the five dimensions), every gap of
    // Gent to the five largest cities is a clear difference.
    expect(gent.dimensions.map((d) => d.significant)).toEqual([true, true, true, true, true]);
    expect(gent.summary).toContain('Every testable gap to the peers is a clear difference');
  });
});

describe('renderers', () => {
  it('PDF: the text holds the city, the five dimensions, the right figures and the SYNTHETIC mark', async () => {
    const { pages, text } = await pdfText(await renderReport(gent, 'pdf'));
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Gap report: Gent, 2026');
    expect(text).toContain('SYNTHETIC demo data');
    for (const label of DIMENSION_LABELS) expect(text).toContain(label);
    // The score row of the per-dimension table, in instrument order, one decimal.
    expect(text).toContain(`Score ${gent.dimensions.map((d) => fmt1(d.score!)).join(' ')}`);
    expect(text).toContain(`Gap to peers ${gent.dimensions.map((d) => fmt1(d.gapToPeers!)).join(' ')}`);
    expect(text).toContain(gent.imports[0]!.sha256);
    expect(text).toContain('London, Berlin, Madrid, Roma, Paris');
    expect(text).toContain('Trend against 2025');
  });

  it('PDF in Dutch: Dutch labels and decimal commas', async () => {
    const nl = await loadGapReport(store.db, {
      city: 'Gent',
      wave: 2026,
      peers: parsePeers('largest:5'),
      lang: 'nl',
      now: NOW,
    });
    const { text } = await pdfText(await renderReport(nl, 'pdf'));
    expect(text).toContain('Kloofrapport: Gent, 2026');
    expect(text).toContain('SYNTHETISCHE demodata');
    expect(text).toContain('AI-soevereiniteit');
    expect(text).toContain(`Score ${nl.dimensions.map((d) => fmt1(d.score!).replace('.', ',')).join(' ')}`);
    expect(reportFileName(nl, 'pdf')).toBe('gap-report-gent-2026-nl.pdf');
  });

  it('XLSX: a sheet per section, figures as numbers', async () => {
    const wb = await readXlsx(await renderReport(gent, 'xlsx'));
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Report',
      'Per dimension',
      'Priorities and next steps',
      'Peers',
      'Questions',
      'Trend',
      'Method',
      'Provenance',
    ]);
    const dims = wb.getWorksheet('Per dimension')!;
    expect(dims.getCell('A1').value).toContain('SYNTHETIC');
    // Row 3 is the header (after the banner and a blank row); rows 4–8 the dimensions.
    expect(dims.getRow(3).getCell(4).value).toBe('Score');
    gent.dimensions.forEach((d, i) => {
      const row = dims.getRow(4 + i);
      expect(row.getCell(1).value).toBe(d.key);
      expect(row.getCell(4).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(4).value).toBeCloseTo(d.score!, 10);
      expect(row.getCell(11).value).toBeCloseTo(d.gapToPeers!, 10);
    });
    const provenance = wb.getWorksheet('Provenance')!;
    expect(provenance.getRow(4).getCell(3).value).toBe(gent.imports[0]!.sha256);
  });

  it('CSV: one tidy table with the figures as plain numbers', async () => {
    const rows = parseCsv(await renderReport(gent, 'csv'));
    expect(Object.keys(rows[0]!)).toEqual(['section', 'dimension', 'item', 'label', 'measure', 'value', 'status']);
    expect(rows[0]).toMatchObject({ section: 'report', measure: 'data' });
    expect(rows[0]!.value).toContain('SYNTHETIC');
    expect(rows.find((r) => r.measure === 'city')!.value).toBe('Gent');
    const score = rows.find(
      (r) => r.section === 'dimension' && r.dimension === 'sovereignty' && r.measure === 'score',
    )!;
    expect(Number(score.value)).toBeCloseTo(gent.dimensions[0]!.score!, 2);
    expect(rows.filter((r) => r.section === 'question' && r.measure === 'gap_to_peers')).toHaveLength(10);
    expect(rows.filter((r) => r.section === 'import' && r.measure === 'sha256').map((r) => r.value)).toEqual(
      gent.imports.map((i) => i.sha256),
    );
  });

  it('HTML: standalone and printable, no scripts, charts embedded as images', async () => {
    const html = (await renderReport(gent, 'html')).toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(html).toContain('@media print');
    expect(html).toContain('SYNTHETIC demo data');
    for (const label of DIMENSION_LABELS) expect(html).toContain(label.replace('&', '&amp;'));
  });

  it('shows the index interval, the rank interval and "clear difference" rather than bare p-values', async () => {
    const u = gent.indexUncertainty!;
    expect(u.complete).toBe(true);
    expect(u.indexLow!).toBeLessThan(gent.index.score!);
    expect(u.indexHigh!).toBeGreaterThan(gent.index.score!);
    const html = (await renderReport(gent, 'html')).toString('utf8');
    expect(html).toContain(`<dt>Index, 95 % interval</dt><dd>${fmt1(u.indexLow!)}–${fmt1(u.indexHigh!)}</dd>`);
    expect(html).toContain(
      `<dt>Rank of the index (median; 90 % interval)</dt><dd>${u.rank} (${u.medianRank}; ${u.rankLow}–${u.rankHigh})</dd>`,
    );
    expect(html).toContain('clear difference (');
    expect(html).not.toMatch(/p = \d/);
    expect(html).toContain('Holm');
    const csv = parseCsv(await renderReport(gent, 'csv'));
    expect(csv.find((r) => r.section === 'index' && r.measure === 'rank_low')).toBeDefined();
    expect(csv.filter((r) => r.section === 'dimension' && r.measure === 'p_adjusted')).toHaveLength(5);
    // Questions: each with its interval around the gap and a clear difference only when BH-adjusted p < 0.05.
    expect(gent.questions).toHaveLength(10);
    for (const q of gent.questions) {
      expect(q.ciLow!).toBeLessThan(q.gapToPeers);
      expect(q.ciHigh!).toBeGreaterThan(q.gapToPeers);
      expect(q.significant).toBe(q.pAdjusted! < 0.05);
      if (q.significant) expect(q.ciLow! > 0 || q.ciHigh! < 0).toBe(true);
    }
    expect(html).toMatch(/<table id="questions">.*95 % interval.*Clear difference\?/s);
  });
});

describe('suppression', () => {
  // Tampere has 2 demo respondents, below minRespondents 3.
  let tampere: GapReport;
  beforeAll(async () => {
    tampere = await loadGapReport(store.db, { city: 'Tampere', wave: 2026, peers: parsePeers('largest:5'), now: NOW });
  });

  it('keeps suppressed figures out of the model', () => {
    for (const d of tampere.dimensions) {
      expect(d).toMatchObject({
        suppressed: true,
        score: null,
        level: null,
        ciLow: null,
        gapToPeers: null,
        gapToTarget: null,
        rank: null,
        pValue: null,
      });
    }
    expect(tampere.index).toEqual({ score: null, level: null, suppressed: true });
    expect(tampere.questions).toEqual([]);
  });

  it('shows "suppressed", never a number, in CSV, XLSX and PDF', async () => {
    const rows = parseCsv(await renderReport(tampere, 'csv'));
    const own = rows.filter(
      (r) =>
        r.section === 'dimension' &&
        ['score', 'level', 'ci_low', 'gap_to_peers', 'rank', 'p_value'].includes(r.measure),
    );
    expect(own).toHaveLength(30);
    for (const r of own) expect(r).toMatchObject({ value: '', status: 'suppressed' });

    const wb = await readXlsx(await renderReport(tampere, 'xlsx'));
    const dims = wb.getWorksheet('Per dimension')!;
    for (let i = 0; i < 5; i++) {
      for (const col of [4, 5, 6, 7, 9, 11, 12, 14, 15, 16, 17, 18, 19])
        expect(dims.getRow(4 + i).getCell(col).value).toBe('suppressed');
    }

    const { text } = await pdfText(await renderReport(tampere, 'pdf'));
    expect(text).toContain(`Score ${Array(5).fill('suppressed').join(' ')}`);
    expect(text).toContain(`Gap to peers ${Array(5).fill('suppressed').join(' ')}`);
    expect(text).toContain('Index suppressed');
  });
});

describe('a city named like a formula', () => {
  let evil: GapReport;
  beforeAll(async () => {
    // Three respondents (≥ minRespondents) from a city called =HYPERLINK("x"), imported like any file.
    const instrument = defaultInstrument();
    const header = ['respondent_id', 'city', 'country', 'survey_year', ...instrument.questions.map((q) => q.code)];
    const rows = [1, 2, 3].map((i) => [
      `evil-${i}`,
      EVIL,
      'BE',
      '2026',
      ...instrument.questions.map((_, j) => String(((i + j) % 5) + 1)),
    ]);
    const summary = await importSurvey(store, {
      bytes: Buffer.from(Papa.unparse([header, ...rows]), 'utf8'),
      fileName: '@evil.csv',
      createdBy: 'test',
      now: NOW,
    });
    expect(summary.errors).toEqual([]);
    evil = await loadGapReport(store.db, { city: EVIL, wave: 2026, peers: parsePeers('largest:5'), now: NOW });
  });

  it('comes out neutralised in the CSV, while numbers stay numbers', async () => {
    const rows = parseCsv(await renderReport(evil, 'csv'));
    expect(rows.find((r) => r.measure === 'city')!.value).toBe(`'${EVIL}`);
    expect(rows.find((r) => r.measure === 'title')!.value).toBe(`Gap report: ${EVIL}, 2026`);
    expect(rows.find((r) => r.measure === 'file_name' && r.value.includes('evil'))!.value).toBe("'@evil.csv");
    for (const r of rows) {
      for (const cell of Object.values(r)) {
        if (/^[=+@\t\r\n]/.test(cell)) throw new Error(`unsafe cell ${cell}`);
        if (cell.startsWith('-')) expect(Number.isFinite(Number(cell))).toBe(true);
      }
    }
  });

  it('comes out as an inert text cell in the XLSX, shown as written (no literal quote), never a formula', async () => {
    const wb = await readXlsx(await renderReport(evil, 'xlsx'));
    const city = wb.getWorksheet('Report')!.getRow(5).getCell(2);
    expect(city.type).toBe(ExcelJS.ValueType.String);
    expect(city.value).toBe(EVIL);
    // Text number format: Excel keeps it text even when the cell is edited and confirmed.
    expect(city.numFmt).toBe('@');
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') {
            expect(cell.value.startsWith("'")).toBe(false);
            if (/^[=+\-@\t\r\n]/.test(cell.value)) expect(cell.numFmt).toBe('@');
          }
        }),
      ),
    );
  });

  /**
   * Every cell a spreadsheet would make of the CSV when it splits on `sep`:
   * quote-aware (as Excel opens a file) and naively line by line (as a
   * careless importer would); the BOM removed.
   */
  const cellsAsSplitBy = (bytes: Buffer, sep: string): string[] => {
    const text = bytes.toString('utf8').slice(1);
    const quoted = Papa.parse<string[]>(text, { delimiter: sep, skipEmptyLines: true }).data.flat();
    const naive = text
      .split(/\r\n/)
      .flatMap((line) => line.split(sep))
      .map((c) => c.replace(/^"/, ''));
    return [...quoted, ...naive];
  };
  const startsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell);

  it.each([',', ';', '\t'])(
    'leaves no cell that starts a formula when the CSV is split on %j, also for x;=1+2',
    async (sep) => {
      // A city name that splits into a formula cell under a Dutch, German or French Excel (separator ";").
      const payload = 'x;=1+2';
      const report: GapReport = { ...evil, city: { ...evil.city, name: payload }, title: `${payload}\t-3,@SUM(A1)` };
      const bytes = await renderReport(report, 'csv');
      const cells = cellsAsSplitBy(bytes, sep);
      expect(cells.length).toBeGreaterThan(100);
      expect(cells.filter(startsFormula)).toEqual([]);
      // Read back with quotes heeded, the value is whole (one cell) and only marked, not lost.
      expect(parseCsv(bytes).find((r) => r.measure === 'city')!.value).toBe("x;'=1+2");
      // Every text field is quoted: the line of the city starts with a quote and has no bare ';' splitting it.
      expect(bytes.toString('utf8')).toContain('"report","","","City","city","x;\'=1+2",""');
    },
  );

  it('is escaped in the HTML', async () => {
    const html = (await renderReport(evil, 'html')).toString('utf8');
    expect(html).toContain('=HYPERLINK(&quot;x&quot;)');
    expect(html).not.toContain('=HYPERLINK("x")');
  });
});

describe('neutralizeText', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+31', "'+31"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\nx', "'\nx"],
    ['Gent', 'Gent'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, expected) => expect(neutralizeText(input)).toBe(expected));
});

describe('neutralizeCsvText', () => {
  it.each([
    ['x;=1+2', "x;'=1+2"],
    ['a,+1', "a,'+1"],
    ['a\t@b', "a\t'@b"],
    ['a\n-1', "a\n'-1"],
    ['=1;=2', "'=1;'=2"],
    ['a; b', 'a; b'],
    ['a-b;c', 'a-b;c'],
    ['Gent', 'Gent'],
  ])('%j → %j', (input, expected) => expect(neutralizeCsvText(input)).toBe(expected));
});
