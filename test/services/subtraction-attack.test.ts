import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/create-db.js';
import { parsePeers } from '../../src/domain/peer-groups.js';
import { decodeAnswers } from '../../src/db/codecs/answer-codec.js';
import { decodeSegments } from '../../src/db/codecs/segment-codec.js';
import { kishN } from '../../src/domain/disclosure-control.js';
import type { Instrument, InstrumentNode } from '../../src/domain/instrument.js';
import { itemScore } from '../../src/domain/item-score.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import {
  loadDashboardWave,
  loadQuestionScores,
  segmentText,
  type DashboardWave,
} from '../../src/services/dashboard-data.js';
import { gapsJson } from '../../src/services/gaps-json.js';
import { scoresJson, type ScoresJson } from '../../src/services/scores-json.js';
import { importCsv, surveyCsv, type CsvRespondent } from '../support/survey-csv.js';
import { demoStore, referenceStore } from '../support/test-store.js';

/**
 * The "done when" of the privacy rule: read every published view of a wave
 * through the real services as JSON (all respondents, and each value of each
 * segment column; dimensions, index, respondent counts, questions, the trend
 * against the previous wave, the gaps) and try to solve for every suppressed
 * cell by subtraction. The truth comes from the stored respondents, not from
 * the aggregates the app reads.
 */

/** True counts and mean of one cell of one group. */
interface Truth {
  n: number;
  sumW: number;
  sumW2: number;
  sumWX: number;
}
type Group = Map<string, Truth>; // cell key → truth
interface CityTruth {
  readonly total: Group;
  /** column → lower-cased value → group */
  readonly parts: Map<string, Map<string, Group>>;
}

const add = (g: Group, key: string, x: number, w: number) => {
  let t = g.get(key);
  if (!t) g.set(key, (t = { n: 0, sumW: 0, sumW2: 0, sumWX: 0 }));
  t.n++;
  t.sumW += w;
  t.sumW2 += w * w;
  t.sumWX += w * x;
};
const meanOf = (t: Truth | undefined) => (t && t.n > 0 ? t.sumWX / t.sumW : null);

/** Ground truth per city slug: every cell of the whole city and of every part, from the respondents table. */
async function truthOf(store: Store, dw: DashboardWave): Promise<Map<string, CityTruth>> {
  const instrument = dw.full.instrument;
  const scorer = compileScorer(instrument);
  const keys = instrument.segments.map((s) => s.key);
  const slugById = new Map(dw.full.directory.cities.map((c) => [c.id, c.slug]));
  const rows = await store.db
    .selectFrom('respondents')
    .innerJoin('imports', 'imports.id', 'respondents.import_id')
    .select(['respondents.city_id', 'respondents.weight', 'respondents.segments', 'respondents.answers'])
    .where('respondents.wave_id', '=', dw.full.wave.id)
    .where('imports.status', '=', 'committed')
    .execute();
  const out = new Map<string, CityTruth>();
  for (const r of rows) {
    const slug = slugById.get(r.city_id)!;
    let city = out.get(slug);
    if (!city) out.set(slug, (city = { total: new Map(), parts: new Map(keys.map((k) => [k, new Map()])) }));
    const answers = decodeAnswers(r.answers);
    const segments = decodeSegments(keys, r.segments) ?? {};
    const w = r.weight ?? 1;
    const groups = [city.total];
    for (const k of keys) {
      const v = (segments[k] ?? '').toLowerCase();
      if (v === '') continue;
      const byValue = city.parts.get(k)!;
      if (!byValue.has(v)) byValue.set(v, new Map());
      groups.push(byValue.get(v)!);
    }
    const scores = scorer.score(answers);
    for (const g of groups) {
      add(g, 'respondents', 0, w);
      scorer.nodeKeys.forEach((key, s) => {
        if (!Number.isNaN(scores[s]!)) add(g, `node:${key}`, scores[s]!, w);
      });
      instrument.questions.forEach((q) => {
        const v = answers[q.index];
        if (v !== null && v !== undefined) add(g, `q:${q.code}`, itemScore(v, q), w);
      });
    }
  }
  return out;
}

/** A published cell: its figure and n, or null when not shown. */
interface Shown {
  readonly score: number | null;
  readonly n: number | null;
}
interface CityView {
  readonly cells: Map<string, Shown>;
  readonly index: { score: number | null; suppressed: boolean };
  readonly dimensions: readonly { key: string; score: number | null; suppressed: boolean }[];
  readonly trend: ScoresJson['cities'][number]['trend'];
}

function nodeList(n: InstrumentNode): InstrumentNode[] {
  return [n, ...n.children.flatMap(nodeList)];
}

/** Every published view of a wave, read as the JSON the API sends. */
async function publishedViews(store: Store, year: number) {
  const base = await loadDashboardWave(store.db, year, undefined, undefined);
  const specs: (string | undefined)[] = [undefined];
  for (const [key, values] of Object.entries(base.segmentOptions)) {
    for (const v of new Set(values.map((x) => x.toLowerCase()))) specs.push(`${key}:${v}`);
  }
  const views = new Map<string, { dw: DashboardWave; cities: Map<string, CityView> }>();
  for (const spec of specs) {
    const dw = spec === undefined ? base : await loadDashboardWave(store.db, year, undefined, spec);
    const json = JSON.parse(JSON.stringify(scoresJson(dw.ws))) as ScoresJson;
    const slugs = json.cities.map((c) => c.slug);
    const questions = JSON.parse(
      JSON.stringify(Object.fromEntries(await loadQuestionScores(store.db, dw, slugs))),
    ) as Record<string, { code: string; n: number | null; score: number | null; suppressed: boolean }[]>;
    const cities = new Map<string, CityView>();
    for (const c of json.cities) {
      const cells = new Map<string, Shown>();
      cells.set('respondents', { score: null, n: c.respondents });
      const walk = (
        nodes: readonly {
          key: string;
          score: number | null;
          n: number | null;
          suppressed: boolean;
          children?: readonly unknown[];
        }[],
      ) => {
        for (const d of nodes) {
          if (d.suppressed) expect(d.n, `n of a suppressed cell (${spec ?? 'all'}, ${c.slug}, ${d.key})`).toBeNull();
          cells.set(`node:${d.key}`, { score: d.score, n: d.n });
          if (d.children) walk(d.children as typeof nodes);
        }
      };
      walk(c.dimensions);
      for (const q of questions[c.slug] ?? []) {
        if (q.suppressed) expect(q.n, `n of a suppressed question (${spec ?? 'all'}, ${c.slug}, ${q.code})`).toBeNull();
        cells.set(`q:${q.code}`, { score: q.score, n: q.n });
      }
      cities.set(c.slug, { cells, index: c.index, dimensions: c.dimensions, trend: c.trend });
    }
    views.set(spec ?? '', { dw, cities });
  }
  return { base, views };
}

const close = (a: number | null, b: number | null) => a !== null && b !== null && Math.abs(a - b) < 1e-6;

/**
 * Runs every attack on one wave; returns what was recovered (empty = the rule holds) and how many
 * suppressed cells were attacked (so a test can see the attack had something to work on).
 */
async function attack(store: Store, year: number) {
  const { base, views } = await publishedViews(store, year);
  const instrument: Instrument = base.full.instrument;
  const min = instrument.minRespondents;
  const truth = await truthOf(store, base);
  const leaks: string[] = [];
  let attacked = 0;
  const all = views.get('')!;
  const cellKeys = [
    'respondents',
    ...instrument.dimensions.flatMap(nodeList).map((n) => `node:${n.key}`),
    ...instrument.questions.map((q) => `q:${q.code}`),
  ];

  for (const [slug, city] of truth) {
    const total = all.cities.get(slug);
    // 1. total − every published part, per column and cell (counts and weighted sums as an attacker would use them).
    for (const [column, values] of city.parts) {
      for (const key of cellKeys) {
        const t = total?.cells.get(key);
        if (!t || t.n === null || (key !== 'respondents' && t.score === null)) continue;
        // A whole city below the threshold shows its count and nothing else: no part of it to solve for.
        if (key === 'respondents' && t.n < min) continue;
        let n = t.n;
        let sum = (t.score ?? 0) * t.n;
        const hidden: { value: string; truth: Truth }[] = [];
        let rest = {
          n: city.total.get(key)?.n ?? 0,
          sumW: city.total.get(key)?.sumW ?? 0,
          sumW2: city.total.get(key)?.sumW2 ?? 0,
        };
        // The attacker sees which parts the city has (it appears in their views), not which of their cells
        // are empty: an empty cell looks like a hidden one.
        let candidates = 0;
        for (const [value, group] of values) {
          const tr = group.get(key) ?? { n: 0, sumW: 0, sumW2: 0, sumWX: 0 };
          const shown = views.get(`${column}:${value}`)?.cities.get(slug)?.cells.get(key);
          const visible = shown !== undefined && shown.n !== null && (key === 'respondents' || shown.score !== null);
          if (visible) {
            n -= shown.n!;
            sum -= (shown.score ?? 0) * shown.n!;
            rest = { n: rest.n - tr.n, sumW: rest.sumW - tr.sumW, sumW2: rest.sumW2 - tr.sumW2 };
            continue;
          }
          if (shown !== undefined || tr.n > 0) candidates++;
          if (tr.n > 0) {
            hidden.push({ value, truth: tr });
            attacked++;
          }
        }
        // A count carries no weights: judged by n; a figure also by Kish's n_eff.
        if (n >= 1 && (n < min || (key !== 'respondents' && kishN(rest) < min - 1e-9)))
          leaks.push(
            `${year} ${slug} ${column} ${key}: the unpublished remainder is a group of ${n} (n_eff ${kishN(rest).toFixed(2)})`,
          );
        // With one candidate left, the remainder is that part (plus any blank values): solve for it.
        for (const h of candidates === 1 ? hidden : []) {
          if (key !== 'respondents' && n > 0 && close(sum / n, meanOf(h.truth)))
            leaks.push(`${year} ${slug} ${column}:${h.value} ${key} = total − visible parts`);
          if (key === 'respondents' && n === h.truth.n)
            leaks.push(`${year} ${slug} ${column}:${h.value} respondents = total − visible counts`);
        }
      }
    }

    // 2. index × Σweights − the other dimensions, in every view; 3. a dimension from its visible questions.
    for (const [spec, view] of views) {
      const c = view.cities.get(slug);
      if (!c) continue;
      const groupTruth = spec === '' ? city.total : city.parts.get(spec.split(':')[0]!)!.get(spec.split(':')[1]!)!;
      const hiddenDims = c.dimensions.filter((d) => d.suppressed && (groupTruth.get(`node:${d.key}`)?.n ?? 0) > 0);
      attacked += hiddenDims.length;
      if (c.index.score !== null && hiddenDims.length > 0)
        leaks.push(`${year} ${spec || 'all'} ${slug}: index shown with ${hiddenDims.length} dimension(s) hidden`);
      for (const d of instrument.dimensions) {
        const qs = nodeList(d).flatMap((n) => n.questions);
        const hiddenQs = qs.filter(
          (q) => c.cells.get(`q:${q.code}`)?.score === null && (groupTruth.get(`q:${q.code}`)?.n ?? 0) > 0,
        );
        if (hiddenQs.length === 1) {
          const h = hiddenQs[0]!;
          const dim = c.cells.get(`node:${d.key}`)?.score ?? null;
          const others = qs.filter((q) => q !== h).map((q) => c.cells.get(`q:${q.code}`)?.score ?? null);
          if (dim !== null && others.every((v) => v !== null)) {
            const solved = qs.length * dim - others.reduce((s, v) => s + v!, 0);
            if (close(solved, meanOf(groupTruth.get(`q:${h.code}`))))
              leaks.push(`${year} ${spec || 'all'} ${slug} q:${h.code} = ${qs.length} × dimension − other questions`);
          }
          leaks.push(
            `${year} ${spec || 'all'} ${slug} ${d.key}: exactly one question hidden beside ${qs.length - 1} shown`,
          );
        }
      }
      // 4. wave differences: a change is shown only with both waves' figures, and the previous figure is one the previous wave's view shows.
      c.trend.dimensions.forEach((t, d) => {
        if (t.delta !== null && (c.dimensions[d]!.score === null || t.previous === null))
          leaks.push(`${year} ${spec || 'all'} ${slug} ${t.key}: change shown beside a hidden figure`);
      });
      if (c.trend.index.delta !== null && (c.index.score === null || c.trend.index.previous === null))
        leaks.push(`${year} ${spec || 'all'} ${slug}: index change beside a hidden index`);
      const previous = view.dw.ws.previous;
      if (previous) {
        const before = previous.cities.find((p) => p.city === slug);
        c.trend.dimensions.forEach((t, d) => {
          if (t.previous !== null && !close(t.previous, before?.dimensions[d]?.score ?? null))
            leaks.push(`${year} ${spec || 'all'} ${slug} ${t.key}: previous wave figure not the one published there`);
        });
      }
      // 5. the gaps (peer mean, leader) use only figures the view shows.
      const gaps = JSON.parse(JSON.stringify(gapsJson(view.dw.ws, slug, parsePeers('all'))));
      gaps.dimensions.forEach(
        (g: { score: number | null; suppressed: boolean; gapToTarget: number | null }, d: number) => {
          if (g.score !== c.dimensions[d]!.score || (c.dimensions[d]!.suppressed && g.gapToTarget !== null))
            leaks.push(`${year} ${spec || 'all'} ${slug}: gaps show a hidden score`);
        },
      );
    }
  }
  return { leaks, attacked };
}

let stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.map((s) => s.close()));
  stores = [];
});

/** A respondent of the hand-built files: answer q is 1–5 from a small formula, blank where `skip` says. */
const person = (
  city: string,
  i: number,
  role: string,
  layer: string,
  opts: { weight?: number; skip?: (q: number) => boolean; shift?: number } = {},
): CsvRespondent => ({
  id: `${city}-${role}-${i}`,
  city,
  country: city === 'Porto' ? 'PT' : city === 'Lille' || city === 'Lyon' ? 'FR' : 'BE',
  role,
  layer,
  ...(opts.weight !== undefined ? { weight: opts.weight } : {}),
  answer: (q: number) => (opts.skip?.(q) ? null : ((i * 7 + q * 3 + (opts.shift ?? 0) + role.length) % 5) + 1),
});
const many = (city: string, count: number, role: string, from = 0, opts: Parameters<typeof person>[4] = {}) =>
  Array.from({ length: count }, (_, i) => person(city, from + i, role, (from + i) % 3 === 0 ? 'board' : 'team', opts));

describe('no suppressed figure can be recovered by subtraction', () => {
  it('on the demo, both waves: every view of every segment, at dimension, index, question and trend level', async () => {
    const store = await demoStore();
    stores.push(store);
    for (const year of [2025, 2026]) {
      const { leaks, attacked } = await attack(store, year);
      expect(attacked).toBeGreaterThan(100);
      expect(leaks).toEqual([]);
    }
  }, 120_000);

  it('on files built to attack the rule: a lone respondent, two small parts, blanks, missing answers, a previous wave', async () => {
    const store = await referenceStore();
    stores.push(store);
    const wave = (shift: number): CsvRespondent[] => [
      // Porto: one lone "policy" respondent beside two parts of 10.
      ...many('Porto', 10, 'it', 0, { shift }),
      ...many('Porto', 10, 'legal', 10, { shift }),
      person('Porto', 20, 'policy', 'board', { shift }),
      // Lille: two parts below the threshold (1 and 1) beside 10 and 5; Gent: 2 and 2 beside 8.
      ...many('Lille', 10, 'it', 0, { shift }),
      ...many('Lille', 5, 'legal', 10, { shift }),
      person('Lille', 15, 'policy', 'team', { shift }),
      person('Lille', 16, 'finance', 'team', { shift }),
      ...many('Gent', 8, 'it', 0, { shift }),
      ...many('Gent', 2, 'legal', 8, { shift }),
      ...many('Gent', 2, 'policy', 10, { shift }),
      // Antwerpen: 2 respondents left the role blank; some skip questions (question-level remainders differ).
      ...many('Antwerpen', 6, 'it', 0, { shift, skip: (q) => q % 7 === 0 }),
      ...many('Antwerpen', 4, 'legal', 6, { shift, skip: (q) => q % 5 === 1 }),
      ...many('Antwerpen', 2, '', 10, { shift }),
      // Leuven: each part big enough, but a few respondents skip one question, leaving 2 on it.
      ...many('Leuven', 6, 'it', 0, { shift }),
      ...many('Leuven', 4, 'legal', 6, { shift, skip: (q) => q === 3 && shift === 0 }),
      ...many('Leuven', 3, 'policy', 10, { shift }),
    ];
    await importCsv(store, surveyCsv(wave(1), 2025), 'w2025.csv');
    await importCsv(store, surveyCsv(wave(0), 2026), 'w2026.csv');
    for (const year of [2025, 2026]) {
      const { leaks, attacked } = await attack(store, year);
      expect(attacked).toBeGreaterThan(50);
      expect(leaks).toEqual([]);
    }
    // The lone respondent is nowhere: Porto's policy view has no figure and no count, and its IT or legal part went too.
    const policy = await loadDashboardWave(store.db, 2026, undefined, 'role:policy');
    const porto = policy.ws.cities.find((c) => c.city === 'porto')!;
    expect([porto.respondents, porto.index.score, ...porto.dimensions.map((d) => d.n)]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    const it = (await loadDashboardWave(store.db, 2026, undefined, 'role:it')).ws.cities.find(
      (c) => c.city === 'porto',
    )!;
    const legal = (await loadDashboardWave(store.db, 2026, undefined, 'role:legal')).ws.cities.find(
      (c) => c.city === 'porto',
    )!;
    expect([it.index.suppressed, legal.index.suppressed].filter(Boolean)).toHaveLength(1);
    expect(segmentText(policy.segment)).toBe('role:policy');
  }, 120_000);

  it('with heavy-weight respondents: judged by Kish n_eff, for a part, for the remainder and for a whole city', async () => {
    const store = await referenceStore();
    stores.push(store);
    const rows: CsvRespondent[] = [
      ...many('Porto', 8, 'it', 0, { weight: 1 }),
      ...many('Porto', 6, 'legal', 8, { weight: 1 }),
      person('Porto', 14, 'policy', 'team', { weight: 10 }),
      person('Porto', 15, 'policy', 'team', { weight: 1 }),
      person('Porto', 16, 'policy', 'team', { weight: 1 }),
      ...many('Gent', 3, 'it', 0, { weight: 1000 }).slice(0, 1),
      ...many('Gent', 2, 'it', 1, { weight: 1 }),
      ...many('Gent', 6, 'legal', 3, { weight: 1 }),
    ];
    await importCsv(store, surveyCsv(rows), 'weighted.csv');
    const { leaks, attacked } = await attack(store, 2026);
    expect(attacked).toBeGreaterThan(10);
    expect(leaks).toEqual([]);
    const view = (spec: string) => loadDashboardWave(store.db, 2026, undefined, spec);
    const porto = async (spec: string) => (await view(spec)).ws.cities.find((c) => c.city === 'porto')!;
    // Policy: weights 10, 1, 1 → n_eff 12² / 102 = 1.41 < 3: hidden although n = 3. Then legal (the next
    // smallest, 6) goes too; the remainder legal + policy has n_eff 18² / 108 = 3.0: IT (8) stays.
    expect((await porto('role:policy')).dimensions.every((d) => d.suppressed && d.n === null)).toBe(true);
    expect((await porto('role:legal')).index.suppressed).toBe(true);
    expect((await porto('role:it')).index.suppressed).toBe(false);
    // Gent as a whole: one respondent of weight 1000 and eight of 1: n_eff = 1008² / 1000008 = 1.016 < 3,
    // so the city's figures are suppressed (it was shown as a city of 9).
    const gent = (await loadDashboardWave(store.db, 2026, undefined, undefined)).ws.cities.find(
      (c) => c.city === 'gent',
    )!;
    expect(gent.dimensions.every((d) => d.suppressed && d.n === null)).toBe(true);
  }, 120_000);
});
