import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { sqliteFileOf } from '../db/sqlite-file.js';
import { forEachWaveRespondent } from '../db/repositories/wave-respondents.js';
import { BootstrapSampler, type CitySample } from '../domain/bootstrap-samples.js';
import type { Instrument } from '../domain/instrument.js';
import type { IndexUncertainty, IndexUncertaintyOptions } from '../domain/index-uncertainty.js';
import { compileScorer, type RespondentScorer } from '../domain/respondent-scores.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { cachedRead } from './read-cache.js';
import type { WaveScoring } from './wave-scoring.js';

/**
 * Per city (by slug) the bootstrap sample of a wave: one pass over its stored
 * respondents, cached under the data version (the respondents change only
 * with an import or an undo). On an SQLite file the pass runs on the worker
 * pool, which reads the file itself: it scores every respondent, too much CPU
 * for the request thread at a large wave. Elsewhere (PostgreSQL, whose pages
 * arrive as I/O; an in-memory test database) it runs here.
 */
export async function loadBootstrapSamples(
  db: Kysely<Database>,
  heavy: HeavyPool,
  ws: WaveScoring,
): Promise<ReadonlyMap<string, CitySample>> {
  return cachedRead(db, `bootstrap-samples|${ws.wave.id}|${ws.instrument.id}`, async () => {
    const slugById = new Map([...ws.citiesBySlug.values()].map((c) => [c.id, c.slug]));
    const file = sqliteFileOf(db);
    const samples =
      file === undefined
        ? await collectBootstrapSamples(db, ws.wave.id, ws.instrument, slugById, ws.scorer)
        : await heavy.run('bootstrap-samples', { file, waveId: ws.wave.id, instrument: ws.instrument, slugById });
    return new Map(samples.map((s) => [s.city, s]));
  });
}

/** The pass itself: every respondent of the wave into the sampler, by city slug (cities not in `slugById` left out). */
export async function collectBootstrapSamples(
  db: Kysely<Database>,
  waveId: number,
  instrument: Instrument,
  slugById: ReadonlyMap<number, string>,
  scorer: RespondentScorer = compileScorer(instrument),
): Promise<CitySample[]> {
  const sampler = new BootstrapSampler(instrument, scorer);
  await forEachWaveRespondent(db, waveId, (r) => {
    const city = slugById.get(r.cityId);
    if (city !== undefined) sampler.add({ city, weight: r.weight, answers: r.answers });
  });
  return sampler.samples();
}

/**
 * The index and rank uncertainty of every city of a wave (domain/index-uncertainty.ts),
 * from its respondents, cached under the data version and the options. The
 * draws run on the worker pool (their CPU grows with the draws, and any viewer
 * may ask with a new seed), never on the request thread.
 */
export async function loadIndexUncertainty(
  db: Kysely<Database>,
  heavy: HeavyPool,
  ws: WaveScoring,
  options: IndexUncertaintyOptions = {},
): Promise<IndexUncertainty> {
  const key = `index-uncertainty|${ws.wave.id}|${ws.instrument.id}|${JSON.stringify([options.draws ?? null, options.seed ?? null, options.concentration ?? null, options.aggregation ?? null])}`;
  return cachedRead(db, key, async () => {
    const samples = await loadBootstrapSamples(db, heavy, ws);
    return heavy.run('index-uncertainty', {
      input: {
        weights: ws.instrument.dimensions.map((d) => d.weight),
        cities: ws.cities.map((c) => {
          const sample = samples.get(c.city);
          return { city: c.city, scores: c.dimensions.map((d) => d.score), ...(sample ? { sample } : {}) };
        }),
      },
      options,
    });
  });
}
