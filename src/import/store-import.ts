import type { Kysely } from 'kysely';
import { encodeAnswers } from '../db/answer-codec.js';
import { insertCity, type City } from '../db/cities.js';
import { insertImport } from '../db/imports.js';
import type { Database } from '../db/schema.js';
import type { Instrument } from '../domain/instrument.js';
import { AggregateAccumulator, writeImportAggregates } from '../db/score-aggregates.js';
import { findOrCreateWave } from '../db/waves.js';
import { cityKey } from './identity-checks.js';
import type { ImportIssue } from './import-issue.js';
import type { ParsedRespondent } from './read-respondents.js';

/** Everything a validated file stores: one import, its new cities, its respondents. */
export interface ImportPlan {
  readonly wave: number;
  /** The instrument the rows were validated against (its answer order is stored). */
  readonly instrument: Instrument;
  readonly fileName: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentGzip: Buffer;
  readonly synthetic: boolean;
  readonly createdBy: string;
  readonly now: string;
  readonly answers: number;
  readonly invalidCells: number;
  readonly warnings: readonly ImportIssue[];
  /** City key (see `cityKey`) → a known city, or a new one to add. */
  readonly knownCities: ReadonlyMap<string, City>;
  readonly newCities: ReadonlyMap<string, { name: string; country: string; population: null }>;
  readonly respondents: readonly ParsedRespondent[];
}

/**
 * The one step that writes: wave, new cities, the import record (with the
 * original bytes), its respondents and their score aggregates. Runs inside
 * the transaction (and import lock) the caller holds (see guarded-store.ts),
 * so a failure leaves every table as it was. Kept apart from validation so a
 * bulk path (prepared statements) can replace it.
 * @returns the new import's id
 */
export async function writeImport(trx: Kysely<Database>, plan: ImportPlan): Promise<number> {
  const storedWave = await findOrCreateWave(trx, plan.wave, plan.instrument.id, plan.now);
  const cityIds = new Map<string, number>();
  for (const [key, city] of plan.knownCities) cityIds.set(key, city.id);
  for (const [key, city] of plan.newCities) cityIds.set(key, (await insertCity(trx, city, 'import', plan.now)).id);
  const id = await insertImport(trx, {
    wave_id: storedWave.id,
    file_name: plan.fileName,
    sha256: plan.sha256,
    size_bytes: plan.sizeBytes,
    content_gzip: plan.contentGzip,
    status: 'committed',
    synthetic: plan.synthetic ? 1 : 0,
    created_by: plan.createdBy,
    created_at: plan.now,
    undone_at: null,
    respondents: plan.respondents.length,
    answers: plan.answers,
    warnings: plan.warnings.length,
    invalid_cells: plan.invalidCells,
    issues: JSON.stringify(plan.warnings),
  });
  for (let i = 0; i < plan.respondents.length; i += 500) {
    const rows = plan.respondents.slice(i, i + 500).map((r) => ({
      import_id: id,
      wave_id: storedWave.id,
      city_id: cityIds.get(cityKey(r.city, r.country))!,
      respondent_key: r.key,
      segments: r.segments ? JSON.stringify(r.segments) : null,
      texts: r.texts ? JSON.stringify(r.texts) : null,
      weight: r.weight,
      answers: encodeAnswers(r.answers),
    }));
    await trx.insertInto('respondents').values(rows).execute();
  }
  // Issue 8: the import's score aggregates, in the same transaction (undo deletes them with the respondents).
  const aggregates = new AggregateAccumulator(plan.instrument);
  for (const r of plan.respondents) aggregates.add(cityIds.get(cityKey(r.city, r.country))!, r.weight, r.segments, r.answers);
  await writeImportAggregates(trx, id, storedWave.id, aggregates);
  return id;
}
