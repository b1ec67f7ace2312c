import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Respondents per city, from the aggregates' count rows (all respondents, node '*'). */
export interface CityCount {
  readonly waveId: number;
  readonly cityId: number;
  readonly slug: string;
  readonly name: string;
  readonly respondents: number;
}

function countQuery(db: Kysely<Database>) {
  return db
    .selectFrom('import_aggregates as a')
    .innerJoin('imports as i', 'i.id', 'a.import_id')
    .innerJoin('cities as c', 'c.id', 'a.city_id')
    .select((eb) => ['a.wave_id', 'a.city_id', 'c.slug', 'c.name', eb.fn.sum<number>('a.n').as('n')])
    .where('a.segment_key', '=', '')
    .where('a.node_key', '=', '*')
    .groupBy(['a.wave_id', 'a.city_id', 'c.slug', 'c.name'])
    .orderBy('c.name');
}

const toCount = (r: { wave_id: number; city_id: number; slug: string; name: string; n: unknown }): CityCount => ({
  waveId: r.wave_id,
  cityId: r.city_id,
  slug: r.slug,
  name: r.name,
  respondents: Number(r.n),
});

/** Respondents of committed imports per city of the given waves: "before" in an import's preview. */
export async function committedCityCounts(db: Kysely<Database>, waveIds: readonly number[]): Promise<CityCount[]> {
  if (waveIds.length === 0) return [];
  const rows = await countQuery(db).where('i.status', '=', 'committed').where('a.wave_id', 'in', waveIds).execute();
  return rows.map(toCount);
}

/** Respondents per city that an import (all rows of its file) stored: what undo takes out, and the cities it touched. */
export async function importCityCounts(db: Kysely<Database>, importId: number): Promise<CityCount[]> {
  const root = await db.selectFrom('imports').select('batch_id').where('id', '=', importId).executeTakeFirst();
  const first = root?.batch_id ?? importId;
  const rows = await countQuery(db)
    .where((eb) => eb.or([eb('i.id', '=', first), eb('i.batch_id', '=', first)]))
    .execute();
  return rows.map(toCount);
}

/** The city names an import mapped to known cities, as recorded with it. */
export async function readImportCityMap(
  db: Kysely<Database>,
  importId: number,
): Promise<{ from: string; to: string }[]> {
  const row = await db.selectFrom('imports').select('city_map').where('id', '=', importId).executeTakeFirst();
  return row ? (JSON.parse(row.city_map) as { from: string; to: string }[]) : [];
}
