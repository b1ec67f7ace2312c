import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemo } from '../../src/demo/generate-demo.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { runCli } from '../support/run-cli.js';
import { tCdfBySimpson } from '../support/t-distribution.js';

// Each call starts a real process (about 1 s, far more on a loaded machine).
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let db: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'maturity-cli-gaptests-'));
  db = join(dir, 'test.sqlite');
  expect(runCli(['demo', '--db', db]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RawInstrument {
  minRespondents: number;
  minCoverage: number;
  scale: { min: number; max: number };
  dimensions: { key: string; questions: { code: string; weight?: number; reverse?: boolean }[] }[];
}

/**
 * The figures of `gaps --json`, recomputed here from the demo's respondents
 * without the app's scoring, moments or test code: each respondent's
 * dimension score straight from the CSV, two-pass sd, t from a Simpson
 * integration of the t density (test/support/t-distribution.ts), its
 * quantile by bisection, and Holm by hand.
 */
function independentGaps(focus: string, peers: readonly string[]) {
  const raw = JSON.parse(readFileSync('instruments/eurocities-ai-2026.json', 'utf8')) as RawInstrument;
  const registry = JSON.parse(readFileSync('fixtures/cities.json', 'utf8')) as { name: string; population: number }[];
  const file = generateDemo(parseInstrument(raw), registry as never).find((f) => f.fileName.includes('2026'))!;
  const rows = Papa.parse<Record<string, string>>(file.csv, { header: true, skipEmptyLines: true }).data;
  const { min, max } = raw.scale;
  const scoresOf = (city: string, d: RawInstrument['dimensions'][number]) =>
    rows
      .filter((r) => r.city === city)
      .map((r) => {
        let sum = 0;
        let weights = 0;
        let answered = 0;
        for (const q of d.questions) {
          const v = Number(r[q.code]);
          if (r[q.code] === '' || !Number.isFinite(v)) continue;
          const item = (100 * (v - min)) / (max - min);
          const w = q.weight ?? 1;
          sum += w * (q.reverse ? 100 - item : item);
          weights += w;
          answered++;
        }
        return answered / d.questions.length >= raw.minCoverage ? sum / weights : null;
      })
      .filter((s): s is number => s !== null);
  const stat = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
    return { n: xs.length, mean: m, se2: (sd * sd) / xs.length, df: xs.length - 1 };
  };
  const tQuantile = (p: number, df: number) => {
    let lo = 0;
    let hi = 1000;
    while (hi - lo > 1e-11) {
      const mid = (lo + hi) / 2;
      if (tCdfBySimpson(mid, df) < p) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const perDimension = raw.dimensions.map((d) => {
    const city = stat(scoresOf(focus, d));
    const shown = peers.map((p) => stat(scoresOf(p, d))).filter((s) => s.n >= raw.minRespondents);
    const k = shown.length;
    const gap = shown.reduce((a, s) => a + s.mean, 0) / k - city.mean;
    const parts = [city.se2, ...shown.map((s) => s.se2 / (k * k))];
    const dfs = [city.df, ...shown.map((s) => s.df)];
    const v = parts.reduce((a, b) => a + b, 0);
    const df = (v * v) / parts.reduce((a, x, i) => a + (x * x) / dfs[i]!, 0);
    const t = gap / Math.sqrt(v);
    const half = tQuantile(0.975, df) * Math.sqrt(v);
    return {
      key: d.key,
      gap,
      low: gap - half,
      high: gap + half,
      p: 2 * (1 - tCdfBySimpson(Math.abs(t), df)),
      peersCounted: k,
    };
  });
  // Holm: sorted ascending, (m − j)·p with a running maximum, capped at 1
  const order = perDimension.map((_, i) => i).sort((a, b) => perDimension[a]!.p - perDimension[b]!.p);
  const adjusted: number[] = [];
  let running = 0;
  order.forEach((i, j) => {
    running = Math.max(running, Math.min(1, (order.length - j) * perDimension[i]!.p));
    adjusted[i] = running;
  });
  const largest = [...new Set(rows.map((r) => r.city!))]
    .filter((c) => c !== focus)
    .sort((a, b) => registry.find((r) => r.name === b)!.population - registry.find((r) => r.name === a)!.population)
    .slice(0, 5);
  return { largest, dimensions: perDimension.map((d, i) => ({ ...d, pAdjusted: adjusted[i]! })) };
}

describe('maturity gaps --json: the test of the gap that is shown', () => {
  it('Gent vs largest:5: gapToPeers, interval, pValue, pAdjusted, significant and peersCounted match an independent computation to 1e-6', () => {
    const r = runCli(['gaps', '--city', 'Gent', '--wave', '2026', '--peers', 'largest:5', '--json', '--db', db]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      peers: string[];
      notes: { leader: string };
      dimensions: {
        key: string;
        gapToPeers: number;
        gapToPeersCiLow: number;
        gapToPeersCiHigh: number;
        pValue: number;
        pAdjusted: number;
        significant: boolean;
        peersCounted: number;
      }[];
    };
    const expected = independentGaps('Gent', json.peers);
    expect(json.peers).toEqual(expected.largest);
    expect(json.notes.leader).toMatch(/picked after seeing the data/);
    expect(json.dimensions).toHaveLength(5);
    json.dimensions.forEach((d, i) => {
      const e = expected.dimensions[i]!;
      expect(d.key).toBe(e.key);
      expect(d.peersCounted).toBe(e.peersCounted);
      expect(Math.abs(d.gapToPeers - e.gap)).toBeLessThan(1e-6);
      expect(Math.abs(d.gapToPeersCiLow - e.low)).toBeLessThan(1e-6);
      expect(Math.abs(d.gapToPeersCiHigh - e.high)).toBeLessThan(1e-6);
      expect(Math.abs(d.pValue - e.p)).toBeLessThan(1e-6);
      expect(Math.abs(d.pAdjusted - e.pAdjusted)).toBeLessThan(1e-6);
      expect(d.significant).toBe(e.pAdjusted < 0.05);
    });
  });

  it('scores --rank-stability gives index and rank intervals from resampled respondents', () => {
    const r = runCli([
      'scores',
      '--wave',
      '2026',
      '--rank-stability',
      '--draws',
      '300',
      '--seed',
      '3',
      '--json',
      '--db',
      db,
    ]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout) as {
      rankStability: { draws: number; method: string; aggregation: string };
      cities: {
        city: string;
        index: { score: number | null };
        rankStability: {
          complete: boolean;
          index: number | null;
          indexLow: number | null;
          indexHigh: number | null;
          rank: number | null;
          rankLow: number | null;
          rankHigh: number | null;
        } | null;
      }[];
    };
    expect(json.rankStability).toMatchObject({ draws: 300, method: 'respondents+weights', aggregation: 'arithmetic' });
    const gent = json.cities.find((c) => c.city === 'Gent')!.rankStability!;
    expect(gent.complete).toBe(true);
    expect(gent.index).toBeCloseTo(json.cities.find((c) => c.city === 'Gent')!.index.score!, 10);
    expect(gent.indexLow!).toBeLessThan(gent.index!);
    expect(gent.indexHigh!).toBeGreaterThan(gent.index!);
    expect(gent.rankLow!).toBeLessThanOrEqual(gent.rank!);
    expect(gent.rankHigh!).toBeGreaterThanOrEqual(gent.rank!);
    // A city without every dimension published is listed but not ranked.
    for (const c of json.cities.filter((c) => c.rankStability && !c.rankStability.complete))
      expect(c.rankStability!.rank).toBeNull();
    const geometric = runCli([
      'scores',
      '--wave',
      '2026',
      '--rank-stability',
      '--draws',
      '50',
      '--aggregation',
      'geometric',
      '--json',
      '--db',
      db,
    ]);
    expect(JSON.parse(geometric.stdout).rankStability.aggregation).toBe('geometric');
    expect(runCli(['scores', '--wave', '2026', '--rank-stability', '--draws', '5000', '--db', db]).stderr).toMatch(
      /--draws "5000" must be a whole number from 1 to 2000/,
    );
  });
});
