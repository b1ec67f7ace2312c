import type { Kysely } from 'kysely';
import type { CitySpelling } from '../../domain/city-suggestions.js';
import { accentlessKey, foldKey, slugify } from '../../domain/text-key.js';
import type { CityRow, Database } from '../schema.js';

/** The domain's view of a stored city. */
export interface City {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly country: string;
  readonly population: number | null;
  readonly source: string;
}

export function toCity(row: CityRow): City {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    country: row.country,
    population: row.population,
    source: row.source,
  };
}

export interface RegistryCity {
  readonly name: string;
  readonly country: string;
  readonly population: number | null;
  readonly aliases?: readonly string[];
}

export async function listCities(db: Kysely<Database>): Promise<City[]> {
  const rows = await db.selectFrom('cities').selectAll().orderBy('name').execute();
  return rows.map(toCity);
}

export async function findCityBySlug(db: Kysely<Database>, slug: string): Promise<City | undefined> {
  const row = await db.selectFrom('cities').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row ? toCity(row) : undefined;
}

/**
 * Every way a city may be written, for matching names in files and peer
 * lists: its name and aliases (case-folded), keyed to the cities they name.
 */
export interface CityDirectory {
  readonly cities: readonly City[];
  /** Cities named `name` (name or alias, case-folded); several when countries differ. */
  byName(name: string): City[];
  /** One city for a name, preferring `country` when given. */
  find(name: string, country?: string): City | undefined;
  /**
   * Like `find`, by name or alias only (not by URL slug): the import's match,
   * so that "Liege" (the slug of Liège) is flagged as an accent variant, not merged.
   */
  findWritten(name: string, country: string): City | undefined;
  /** Known cities whose name differs from `name` only by accents (for flagging). */
  accentVariants(name: string, country: string): City[];
  /** Every name and alias (case-folded) with the city's name: what `suggestCities` searches. */
  readonly spellings: readonly (CitySpelling & { readonly country: string })[];
}

export async function loadCityDirectory(db: Kysely<Database>): Promise<CityDirectory> {
  const cities = await listCities(db);
  const aliases = await db.selectFrom('city_aliases').selectAll().execute();
  return buildCityDirectory(
    cities,
    aliases.map((a) => ({ cityId: a.city_id, key: a.alias_key })),
  );
}

export function buildCityDirectory(
  cities: readonly City[],
  aliases: readonly { cityId: number; key: string }[],
): CityDirectory {
  const byKey = new Map<string, City[]>();
  const written = new Map<string, City[]>();
  const byAccentless = new Map<string, City[]>();
  const byId = new Map(cities.map((c) => [c.id, c]));
  const addTo = (map: Map<string, City[]>, key: string, city: City) => {
    const list = map.get(key) ?? [];
    if (!list.includes(city)) list.push(city);
    map.set(key, list);
  };
  const add = (key: string, city: City) => {
    addTo(byKey, key, city);
    addTo(written, key, city);
  };
  for (const city of cities) {
    add(foldKey(city.name), city);
    addTo(byKey, city.slug, city);
    const k = accentlessKey(city.name);
    byAccentless.set(k, [...(byAccentless.get(k) ?? []), city]);
  }
  for (const a of aliases) {
    const city = byId.get(a.cityId);
    if (city) add(a.key, city);
  }
  const byName = (name: string) => byKey.get(foldKey(name)) ?? [];
  const spellings = [...written].flatMap(([key, list]) =>
    list.map((c) => ({ written: key, name: c.name, country: c.country })),
  );
  return {
    cities,
    byName,
    spellings,
    find(name, country) {
      const found = byName(name);
      if (country) return found.find((c) => c.country === country.toUpperCase());
      return found[0];
    },
    findWritten(name, country) {
      return (written.get(foldKey(name)) ?? []).find((c) => c.country === country.toUpperCase());
    },
    accentVariants(name, country) {
      const key = foldKey(name);
      return (byAccentless.get(accentlessKey(name)) ?? []).filter(
        (c) => c.country === country.toUpperCase() && foldKey(c.name) !== key && !(written.get(key) ?? []).includes(c),
      );
    },
  };
}

/** A slug not yet taken: "valencia", else "valencia-es", else "valencia-es-2", … */
async function freeSlug(db: Kysely<Database>, name: string, country: string): Promise<string> {
  const base = slugify(name);
  const candidates = [base, `${base}-${country.toLowerCase()}`];
  for (let i = 2; ; i++) {
    const slug = candidates.shift() ?? `${base}-${country.toLowerCase()}-${i}`;
    const taken = await db.selectFrom('cities').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!taken) return slug;
  }
}

/**
 * Adds a city (and its aliases); returns it. When the city is stored already
 * (another import, possibly in another process, added it since the caller
 * looked), returns the stored one instead.
 */
export async function insertCity(
  db: Kysely<Database>,
  city: RegistryCity,
  source: 'registry' | 'import',
  now: string,
): Promise<City> {
  const country = city.country.toUpperCase();
  const nameKey = foldKey(city.name);
  const values = (slug: string) => ({
    slug,
    name: city.name,
    name_key: nameKey,
    country,
    population: city.population,
    source,
    created_at: now,
  });
  // Nearly always the city is new and its plain slug free: one statement. Otherwise nothing is
  // stored by it, and the city is looked up, or a free slug found, as below.
  let row = await db
    .insertInto('cities')
    .values(values(slugify(city.name)))
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) {
    const stored = await db
      .selectFrom('cities')
      .selectAll()
      .where('country', '=', country)
      .where('name_key', '=', nameKey)
      .executeTakeFirst();
    if (stored) return toCity(stored);
    const slug = await freeSlug(db, city.name, country);
    row = await db.insertInto('cities').values(values(slug)).returningAll().executeTakeFirstOrThrow();
  }
  const keys = [...new Set((city.aliases ?? []).map(foldKey))].filter((k) => k !== row.name_key);
  if (keys.length > 0) {
    await db
      .insertInto('city_aliases')
      .values(keys.map((alias_key) => ({ city_id: row.id, alias_key })))
      .execute();
  }
  return toCity(row);
}

/**
 * Loads the city registry: adds the cities not yet stored, and fills in the
 * population of cities first seen in a file. Safe to run again.
 */
export async function syncCityRegistry(
  db: Kysely<Database>,
  registry: readonly RegistryCity[],
  now: string,
): Promise<number> {
  let added = 0;
  for (const city of registry) {
    const existing = await db
      .selectFrom('cities')
      .selectAll()
      .where('country', '=', city.country.toUpperCase())
      .where('name_key', '=', foldKey(city.name))
      .executeTakeFirst();
    if (existing) continue;
    await insertCity(db, city, 'registry', now);
    added++;
  }
  return added;
}
