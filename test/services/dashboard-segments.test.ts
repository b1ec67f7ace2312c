import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
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
    // Leuven: 10 of 14 in IT, its legal rest 4 (weights 0.5, 2, 1.5, 1: Kish n_eff 3.33) shows;
    // Gent: 12 of 14, rest 2 < 3: both parts hidden.
    role: i < 6 ? 'it' : i < (c === 0 ? 12 : c === 2 ? 10 : 9) ? 'IT' : 'legal',
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
  it('score a segment exactly as the whole wave of a file holding only its respondents, then suppress by the partition rule', async () => {
    const whole = await referenceStore();
    const only = await referenceStore();
    stores.push(whole, only);
    await importCsv(whole, surveyCsv(respondents), 'all.csv');
    await importCsv(only, surveyCsv(respondents.filter(isIt)), 'it-only.csv');

    const dw = await loadDashboardWave(whole.db, 2026, undefined, 'role:It');
    const full = await loadWaveScoring(whole.db, 2026);
    const alone = (await loadWaveScoring(only.db, 2026)).cities;
    expect(full.cities).toHaveLength(3);

    expect(dw.segment).toEqual({ key: 'role', value: 'It' });
    expect(dw.ws.cities.map((c) => c.city)).toEqual(['antwerpen', 'gent', 'leuven']);
    // Gent: IT 12, legal 2 → legal hidden (2 < 3), and with exactly one part hidden IT goes too: no count, no figure.
    expect(dw.ws.cities.map((c) => c.respondents)).toEqual([9, null, 10]);
    const round = (x: unknown) =>
      JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v));
    const gent = dw.ws.cities.find((c) => c.city === 'gent')!;
    expect(gent.index).toEqual({ score: null, level: null, suppressed: true });
    expect(gent.dimensions.every((d) => d.suppressed && d.n === null && d.score === null)).toBe(true);
    // Antwerpen (IT 9, legal 5) and Leuven (IT 10, legal 4): every published figure equals the IT-only file's (moments summed in another order).
    for (const slug of ['antwerpen', 'leuven']) {
      const got = dw.ws.cities.find((c) => c.city === slug)!;
      const want = alone.find((c) => c.city === slug)!;
      expect(got.index.suppressed).toBe(false);
      expect(round(got)).toEqual(round(want));
    }
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

  it('give question means from the aggregates equal to a computation over the answers; in a segment, suppressed by the partition rule', async () => {
    const store = await referenceStore();
    stores.push(store);
    await importCsv(store, surveyCsv(respondents), 'all.csv');
    const instrument = defaultInstrument();
    const scoring = (rs: CsvRespondent[]) =>
      rs.map((r) => ({
        city: r.city.toLowerCase(),
        weight: r.weight ?? null,
        answers: instrument.questions.map((_, q) => r.answer(q)),
      }));
    const round = (x: unknown) =>
      JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(9)) : v)));
    const slugs = ['gent', 'leuven', 'antwerpen'];

    const all = questionMeans(instrument, scoring(respondents));
    const dw = await loadDashboardWave(store.db, 2026, undefined, undefined);
    const got = await loadQuestionScores(store.db, dw, slugs);
    for (const slug of slugs) expect(round(got.get(slug))).toEqual(round(all.get(slug)));

    const it = questionMeans(instrument, scoring(respondents.filter(isIt)));
    const min = instrument.minRespondents;
    const segment = await loadQuestionScores(
      store.db,
      await loadDashboardWave(store.db, 2026, undefined, 'role:it'),
      slugs,
    );
    // Every published question mean equals the IT respondents' own; nothing hidden shows a count.
    for (const slug of slugs) {
      segment.get(slug)!.forEach((q, i) => {
        if (q.suppressed) expect([q.n, q.score]).toEqual([null, null]);
        else expect(round(q)).toEqual(round(it.get(slug)![i]));
      });
    }
    // Gent's legal part (2) is below 3, so IT's questions, whose complement it is, are hidden too.
    expect(segment.get('gent')!.every((q) => q.suppressed)).toBe(true);
    // Leuven: a question is published only where the legal respondents who answered it are 0 or at least 3.
    const legal = questionMeans(instrument, scoring(respondents.filter((r) => !isIt(r))));
    segment.get('leuven')!.forEach((q, i) => {
      const rest = legal.get('leuven')![i]!.n ?? 0;
      if (rest > 0 && rest < min) expect(q.suppressed).toBe(true);
    });
    // Leuven's legal four (Kish n_eff 3.33) drop below 3 on any question one of them skipped (each of its
    // five dimensions has one), so its questions go; Antwerpen's legal five (n_eff 3.90) stay above 3.
    expect(segment.get('leuven')!.every((q) => q.suppressed)).toBe(true);
    expect(segment.get('antwerpen')!.some((q) => !q.suppressed)).toBe(true);

    const report = await loadGapReport(store.db, {
      city: 'gent',
      wave: 2026,
      peers: parsePeers('Leuven'),
      now: new Date('2026-06-02T00:00:00Z'),
    });
    // The ten largest gaps of Gent's 30 questions (each has a mean for Gent and for Leuven).
    expect(report.questions).toHaveLength(10);
    for (const q of report.questions) {
      const i = instrument.questions.findIndex((x) => x.code === q.code);
      expect([q.n, q.score, q.peerMean]).toEqual([
        all.get('gent')![i]!.n,
        expect.closeTo(all.get('gent')![i]!.score!, 9),
        expect.closeTo(all.get('leuven')![i]!.score!, 9),
      ]);
    }
  });
});
