import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAnswers } from '../../src/db/codecs/answer-codec.js';
import { openSqlite, type Store } from '../../src/db/create-db.js';
import { addInstrument, getInstrument } from '../../src/db/repositories/instruments.js';
import { readImportOriginal, undoImport } from '../../src/db/repositories/imports.js';
import { loadCityMoments, loadQuestionMoments } from '../../src/db/repositories/score-aggregates.js';
import { mean } from '../../src/domain/moments.js';
import { questionMeans } from '../../src/domain/question-means.js';
import { accumulateCityMoments, type CityMoments } from '../../src/domain/city-scores.js';
import { compileScorer } from '../../src/domain/respondent-scores.js';
import { decodeSegments } from '../../src/db/codecs/segment-codec.js';
import { fileSource } from '../../src/import/read/byte-source.js';
import { importSurvey } from '../../src/import/import-survey.js';
import { loadWaveScoring } from '../../src/services/wave-scoring.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { benchInstrumentJson, writeBenchCsv } from '../../scripts/bench/bench-data.js';
// @ts-expect-error plain JavaScript launcher helper, no type declarations
import { compiledEntry } from '../../bin/compile.js';

/**
 * The benchmark's path at 10,000 respondents: the import (the CLI's path)
 * of generated data, then the stored aggregates against a from-scratch
 * computation over the raw answers, after imports and after an undo.
 */
const now = new Date('2026-06-01T00:00:00Z');
let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bench-10k-'));
  store = await openSqlite(join(dir, 'bench.sqlite'));
  await addInstrument(store.db, benchInstrumentJson(), now.toISOString());
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** City moments computed from scratch from the stored raw answers (optionally of one segment value). */
async function fromScratch(
  waveId: number,
  segment?: { key: string; value: string },
): Promise<Map<string, CityMoments>> {
  const instrument = await getInstrument(store.db, 'bench-40');
  const rows = await store.db
    .selectFrom('respondents')
    .select(['city_id', 'weight', 'segments', 'answers'])
    .where('wave_id', '=', waveId)
    .execute();
  const keys = instrument.segments.map((s) => s.key);
  const chosen = segment ? rows.filter((r) => decodeSegments(keys, r.segments)?.[segment.key] === segment.value) : rows;
  return accumulateCityMoments(
    compileScorer(instrument),
    chosen.map((r) => ({ city: String(r.city_id), weight: r.weight, answers: decodeAnswers(r.answers) })),
  );
}

async function expectAggregatesMatch(waveId: number, segment?: { key: string; value: string }): Promise<number> {
  const instrument = await getInstrument(store.db, 'bench-40');
  const stored = await loadCityMoments(store.db, waveId, compileScorer(instrument), String, segment);
  const expected = await fromScratch(waveId, segment);
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
  let respondents = 0;
  for (const [city, want] of expected) {
    const got = stored.get(city)!;
    expect(got.respondents).toBe(want.respondents);
    respondents += want.respondents;
    want.nodes.forEach((m, slot) => {
      const g = got.nodes[slot]!;
      expect(g.n).toBe(m.n);
      for (const f of ['sumW', 'sumW2', 'sumWX', 'sumWXX'] as const) expect(g[f]).toBeCloseTo(m[f], 6);
      // The score range (worker thread, merged cells, pooled imports) is exact.
      expect([g.min, g.max]).toEqual(m.n === 0 ? [undefined, undefined] : [m.min, m.max]);
    });
  }
  return respondents;
}

/** Question moments from the aggregates against `questionMeans` over the raw answers. */
async function expectQuestionMeansMatch(waveId: number, segment?: { key: string; value: string }): Promise<void> {
  const instrument = await getInstrument(store.db, 'bench-40');
  const keys = instrument.segments.map((s) => s.key);
  const rows = await store.db
    .selectFrom('respondents')
    .select(['city_id', 'weight', 'segments', 'answers'])
    .where('wave_id', '=', waveId)
    .execute();
  const chosen = segment ? rows.filter((r) => decodeSegments(keys, r.segments)?.[segment.key] === segment.value) : rows;
  const expected = questionMeans(
    instrument,
    chosen.map((r) => ({ city: String(r.city_id), weight: r.weight, answers: decodeAnswers(r.answers) })),
  );
  const stored = await loadQuestionMoments(store.db, waveId, instrument, [...expected.keys()].map(Number), segment);
  expect(stored.size).toBe(expected.size);
  for (const [city, means] of expected) {
    const got = stored.get(Number(city))!;
    means.forEach((m, q) => {
      // A suppressed mean has no n (null); the count is then checked where shown.
      if (m.n !== null) expect(got[q]!.n).toBe(m.n);
      if (m.score !== null) expect(mean(got[q]!)).toBeCloseTo(m.score, 9);
    });
  }
}

describe('10,000 respondents through the import (the CLI path)', () => {
  it('stores them with aggregates equal to a from-scratch computation, also after a second import and an undo', async () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeBenchCsv(a, 10_000, { seed: 1, weights: true });
    writeBenchCsv(b, 2_000, { seed: 2, weights: true, idPrefix: 'S' });

    // The first as the CLI imports (aggregates and the compression on the compiled worker thread, bulk writes);
    // the second as the web upload does (on this thread, WAL).
    await compiledEntry(PROJECT_ROOT, 'cli/main');
    const worker = pathToFileURL(join(PROJECT_ROOT, 'dist', 'import', 'store', 'import-worker.js'));
    const first = await importSurvey(store, {
      source: fileSource(a),
      fileName: 'a.csv',
      createdBy: 'test',
      now,
      worker,
      bulk: true,
    });
    expect(first.errors).toEqual([]);
    expect(first.respondents).toBe(10_000);
    const waveId = (await store.db.selectFrom('waves').select('id').executeTakeFirstOrThrow()).id;
    expect(await expectAggregatesMatch(waveId)).toBe(10_000);
    await expectQuestionMeansMatch(waveId);
    // The kept original, compressed on the worker, is the file; the database is back in WAL mode.
    expect((await readImportOriginal(store.db, first.importId!)).equals(readFileSync(a))).toBe(true);
    expect(store.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');

    const second = await importSurvey(store, { source: fileSource(b), fileName: 'b.csv', createdBy: 'test', now });
    expect(second.errors).toEqual([]);
    expect(await expectAggregatesMatch(waveId)).toBe(12_000);
    expect(await expectAggregatesMatch(waveId, { key: 'role', value: 'data' })).toBeGreaterThan(1000);
    expect(await expectAggregatesMatch(waveId, { key: 'layer', value: 'tactical' })).toBeGreaterThan(2000);

    // Scores are cached per database version: read them now, then undo, and they must follow.
    const before = await loadWaveScoring(store.db, 2026, 'bench-40');
    expect(before.cities.reduce((sum, c) => sum + (c.respondents ?? 0), 0)).toBe(12_000);

    await undoImport(store.db, first.importId!, now.toISOString());
    expect(await expectAggregatesMatch(waveId)).toBe(2_000);
    expect(await expectAggregatesMatch(waveId, { key: 'role', value: 'it' })).toBeGreaterThan(200);
    await expectQuestionMeansMatch(waveId);
    await expectQuestionMeansMatch(waveId, { key: 'layer', value: 'tactical' });

    // The scores read the aggregates: they follow the undo.
    const ws = await loadWaveScoring(store.db, 2026, 'bench-40');
    expect(ws.cities.reduce((sum, c) => sum + (c.respondents ?? 0), 0)).toBe(2_000);
  }, 120_000); // ~5 s on an idle machine; generous for a loaded CI runner
});
