import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { forEachWaveRespondent } from '../db/repositories/wave-respondents.js';
import { BootstrapSampler, type CitySample } from '../domain/bootstrap-samples.js';
import type { IndexUncertainty, IndexUncertaintyOptions } from '../domain/index-uncertainty.js';
import type { HeavyPool } from '../offload/heavy-pool.js';
import { cachedRead } from './read-cache.js';
import type { WaveScoring } from './wave-scoring.js';

/**
 * Per city (by slug) the bootstrap sample of a wave: one pass over its stored
 * respondents, cached under the data version (the respondents change only
 * with an import or an undo).
 */
export async function loadBootstrapSamples(
  db: Kysely<Database>,
  ws: WaveScoring,
): Promise<ReadonlyMap<string, CitySample>> {
  return cachedRead(db, `bootstrap-samples|${ws.wave.id}|${ws.instrument.id}`, async () => {
    const slugById = new Map([...ws.citiesBySlug.values()].map((c) => [c.id, c.slug]));
    const sampler = new BootstrapSampler(ws.instrument, ws.scorer);
    await forEachWaveRespondent(db, ws.wave.id, (r) => {
      const city = slugById.get(r.cityId);
      if (city !== undefined) sampler.add({ city, weight: r.weight, answers: r.answers });
    });
    return new Map(sampler.samples().map((s) => [s.city, s]));
  });
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
    const samples = await loadBootstrapSamples(db, ws);
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
