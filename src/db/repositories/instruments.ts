import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/domain-error.js';
import type { Instrument } from '../../domain/instrument.js';
import { parseInstrument } from '../../domain/instrument-schema.js';
import type { Database } from '../schema.js';

export interface StoredInstrument {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly createdAt: string;
}

/**
 * Validates instrument JSON text and stores it. Adding the same definition
 * again is a no-op; a different definition under a stored id is refused
 * (scores of stored waves depend on it), unless only its catalogue of next
 * steps differs: no score depends on that, so the stored definition is
 * updated (a database made before the default instrument gained its
 * catalogue gets it at the next start).
 */
export async function addInstrument(db: Kysely<Database>, jsonText: string, now: string): Promise<Instrument> {
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch (error) {
    throw new DomainError('instrument-invalid', `Instrument file is not valid JSON: ${(error as Error).message}`);
  }
  const instrument = parseInstrument(json);
  const definition = JSON.stringify(json);
  const sha256 = createHash('sha256').update(definition).digest('hex');
  const existing = await db.selectFrom('instruments').selectAll().where('id', '=', instrument.id).executeTakeFirst();
  if (existing) {
    if (existing.sha256 === sha256) return instrument;
    if (withoutCatalogue(JSON.parse(existing.definition)) === withoutCatalogue(json)) {
      await db
        .updateTable('instruments')
        .set({ definition, sha256, version: instrument.version })
        .where('id', '=', instrument.id)
        .execute();
      return instrument;
    }
    throw new DomainError(
      'instrument-exists',
      `Instrument "${instrument.id}" is already stored with another definition; give the changed instrument a new id (e.g. "${instrument.id}-v2").`,
    );
  }
  await db
    .insertInto('instruments')
    .values({
      id: instrument.id,
      version: instrument.version,
      name: instrument.name.en ?? Object.values(instrument.name)[0] ?? instrument.id,
      definition,
      sha256,
      created_at: now,
    })
    .execute();
  return instrument;
}

/** The definition as scored: everything but the catalogue of next steps. */
function withoutCatalogue(json: unknown): string {
  if (json === null || typeof json !== 'object') return JSON.stringify(json);
  const { catalogue: _catalogue, ...rest } = json as Record<string, unknown>;
  return JSON.stringify(rest);
}

export async function listInstruments(db: Kysely<Database>): Promise<StoredInstrument[]> {
  const rows = await db
    .selectFrom('instruments')
    .select(['id', 'version', 'name', 'created_at'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, name: r.name, createdAt: r.created_at }));
}

/**
 * Validated instruments by their stored definition text, per open database:
 * validating a definition with zod costs more than a request should, and the
 * text is what it is validated from, so a hit is never stale (even if the row
 * were edited by hand). A few kB of text per instrument.
 */
const parsedInstruments = new WeakMap<Kysely<Database>, Map<string, Instrument>>();

export async function findInstrument(db: Kysely<Database>, id: string): Promise<Instrument | undefined> {
  const row = await db.selectFrom('instruments').select('definition').where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  let parsed = parsedInstruments.get(db);
  if (!parsed) parsedInstruments.set(db, (parsed = new Map()));
  let instrument = parsed.get(row.definition);
  if (!instrument) {
    instrument = parseInstrument(JSON.parse(row.definition));
    if (parsed.size >= 32) parsed.delete(parsed.keys().next().value!);
    parsed.set(row.definition, instrument);
  }
  return instrument;
}

export async function getInstrument(db: Kysely<Database>, id: string): Promise<Instrument> {
  const instrument = await findInstrument(db, id);
  if (!instrument) {
    throw new DomainError(
      'instrument-not-found',
      `No instrument "${id}". See the instruments known with: maturity instrument list`,
    );
  }
  return instrument;
}

/** The sha256 of a stored instrument's definition: changes whenever its scores could. */
export async function instrumentSha256(db: Kysely<Database>, id: string): Promise<string> {
  const row = await db.selectFrom('instruments').select('sha256').where('id', '=', id).executeTakeFirstOrThrow();
  return row.sha256;
}

/** Every stored instrument's id and JSON definition text, by id. */
export async function listInstrumentDefinitions(db: Kysely<Database>): Promise<{ id: string; definition: string }[]> {
  return db.selectFrom('instruments').select(['id', 'definition']).orderBy('id').execute();
}
