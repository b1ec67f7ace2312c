import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
import { suppressComplements } from '../../src/domain/segment-suppression.js';
import { questionMeans } from '../../src/domain/question-means.js';
import { loadDashboardWave, loadQuestionScores } from '../../src/services/dashboard-data.js';
import { loadGapReport } from '../../src/reports/load-gap-report.js';
import { defaultInstrument } from '../support/fixtures.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { importCsv, surveyCsv, type CsvRespondent } from '../support/survey-csv.js';
import { referenceStore } from '../support/test-store.js';

/**
 * 3 cities × 14 respondents, role it / IT / legal (two spellings of one value),
 * weights 0.5–2, a few blanks: deterministic, no randomness.
 */
const respondents: CsvRespondent[] = ['Gent', 'Antwerpen', 'Leuven'].flatMap((city, c) =>
  Array.from({ length: 14 }, (_, i) => ({
    id: `${city}-${i}`,
    city,
    country: 'BE',
    // Leuven: 11 of 14 in IT, so its rest (3) shows; Gent: 12 of 14, rest 2 < 3: suppressed by subtraction.
    role: i < 6 ? 'it' : i < (c === 0 ? 12 : c === 2 ? 11 : 9) ? 'IT' : 'legal',
    layer: i % 2 === 0 ? 'team' : 'board',
    weight: 0.5 + ((i * 7 + c) % 4) / 2,
    answer: (q: number) => ((i * 3 + q * 5 + c) % 11 === 0 ? null : ((i + q + c) % 5) + 1),
  })),
);
const isIt = (r: CsvRespondent) => r.role.toLowerCase() === 'it';

let stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

describe('dashboard segments from the aggregates (issue 8)', () => {
  it('score a segment exactly as the whole wave of a file holding only its respondents, then suppress by subtraction', async () => {
    const whole = await referenceStore();
    const only = await referenceStore();
    stores.push(whole, only);
    await importCsv(whole, surveyCsv(respondents), 'all.csv');
    await importCsv(only, surveyCsv(respondents.filter(isIt)), 'it-only.csv');

    const dw = await loadDashboardWave(whole.db, 2026, undefined, 'role:It');
    const full = await loadWaveScoring(whole.db, 2026);
    const expected = suppressComplements((await loadWaveScoring(only.db, 2026)).cities, full.cities, full.instrument.minRespondents);

    expect(dw.segment).toEqual({ key: 'role', value: 'It' });
    expect(dw.ws.cities.map((c) => c.city)).toEqual(['antwerpen', 'gent', 'leuven']);
    expect(dw.ws.cities.map((c) => c.respondents)).toEqual([9, 12, 11]);
    // Moments summed in another order: equal up to rounding.
    expect(JSON.parse(JSON.stringify(dw.ws.cities), (_k, v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v))).toEqual(
      JSON.parse(JSON.stringify(expected), (_k, v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v)),
    );
    const gent = dw.ws.cities.find((c) => c.city === 'gent')!;
    expect(gent.index).toEqual({ score: null, level: null, suppressed: true });
    expect(dw.ws.cities.find((c) => c.city === 'leuven')!.index.suppressed).toBe(false);
  });

  it('lists each stored spelling of a segment value as an option, and a segment nobody has scores no city', async () => {
    const store = await referenceStore();
    stores.push(store);
    await importCsv(store, surveyCsv(respondents), 'all.csv');
    const dw = await loadDashboardWave(store.db, 2026, undefined, undefined);
    expect(dw.segmentOptions).toEqual({ role: ['IT', 'it', 'legal'], layer: ['board', 'team'] });
    expect(dw.imports).toBe(1);
    const none = await loadDashboardWave(store.db, 2026, undefined, 'role:astronaut');
    expect(none.ws.cities).toEqual([]);
    expect(none.full.cities).toHaveLength(3);
  });

  it('give question means from the aggregates equal to a computation over the answers; in a segment, suppressed by subtraction', async () => {
    const store = await referenceStore();
    stores.push(store);
    await importCsv(store, surveyCsv(respondents), 'all.csv');
    const instrument = defaultInstrument();
    const scoring = (rs: CsvRespondent[]) =>
      rs.map((r) => ({ city: r.city.toLowerCase(), weight: r.weight ?? null, answers: instrument.questions.map((_, q) => r.answer(q)) }));
    const round = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v)));
    const slugs = ['gent', 'leuven'];

    const all = questionMeans(instrument, scoring(respondents));
    const dw = await loadDashboardWave(store.db, 2026, undefined, undefined);
    const got = await loadQuestionScores(store.db, dw, slugs);
    for (const slug of slugs) expect(round(got.get(slug))).toEqual(round(all.get(slug)));

    const it = questionMeans(instrument, scoring(respondents.filter(isIt)));
    const min = instrument.minRespondents;
    const segment = await loadQuestionScores(store.db, await loadDashboardWave(store.db, 2026, undefined, 'role:it'), slugs);
    for (const slug of slugs) {
      const expected = it.get(slug)!.map((q, i) => {
        const rest = all.get(slug)![i]!.n - q.n;
        return rest > 0 && rest < min && !q.suppressed ? { ...q, score: null, suppressed: true } : q;
      });
      expect(round(segment.get(slug))).toEqual(round(expected));
    }
    // Gent: 12 of its 14 in IT; its 2 others (rows 12, 13) leave a blank only where (i·3 + q·5) mod 11 = 0:
    // row 12 at q = 6, 17, 28, row 13 at q = 1, 12, 23. So on every question 1 or 2 others answered,
    // fewer than minRespondents (3): all 30 questions are suppressed by subtraction.
    expect(segment.get('gent')!.filter((q) => q.suppressed)).toHaveLength(instrument.questions.length);
    expect(instrument.questions).toHaveLength(30);
    expect(segment.get('leuven')!.some((q) => !q.suppressed)).toBe(true);

    const report = await loadGapReport(store.db, { city: 'gent', wave: 2026, peers: parsePeers('Leuven'), now: new Date('2026-06-02T00:00:00Z') });
    // The ten largest gaps of Gent's 30 questions (each has a mean for Gent and for Leuven).
    expect(report.questions).toHaveLength(10);
    for (const q of report.questions) {
      const i = instrument.questions.findIndex((x) => x.code === q.code);
      expect([q.n, q.score, q.peerMean]).toEqual([all.get('gent')![i]!.n, expect.closeTo(all.get('gent')![i]!.score!, 9), expect.closeTo(all.get('leuven')![i]!.score!, 9)]);
    }
  });
});
