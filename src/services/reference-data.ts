import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { syncCityRegistry, type RegistryCity } from '../db/repositories/cities.js';
import { addInstrument } from '../db/repositories/instruments.js';
import type { Database } from '../db/schema.js';
import type { Instrument } from '../domain/instrument.js';
import { paths } from '../paths.js';
import { lockedTransaction } from '../db/write-lock.js';

export function readCityRegistry(): RegistryCity[] {
  return JSON.parse(readFileSync(paths.cityRegistry, 'utf8')) as RegistryCity[];
}

/**
 * What every database starts with: the default instrument and the city
 * registry. Idempotent: run at every start and before every import.
 */
export async function ensureReferenceData(db: Kysely<Database>, now: Date): Promise<Instrument> {
  const definition = readFileSync(paths.defaultInstrument, 'utf8');
  const registry = readCityRegistry();
  // One transaction under a lock: several processes starting at once on one PostgreSQL add it once.
  return lockedTransaction(db, 'reference', async (trx) => {
    const instrument = await addInstrument(trx, definition, now.toISOString());
    await syncCityRegistry(trx, registry, now.toISOString());
    return instrument;
  });
}
