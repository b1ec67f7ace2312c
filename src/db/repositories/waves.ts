import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/domain-error.js';
import type { Database, WaveRow } from '../schema.js';

export interface Wave {
  readonly id: number;
  readonly year: number;
  readonly instrumentId: string;
}

const toWave = (row: Pick<WaveRow, 'id' | 'year' | 'instrument_id'>): Wave => ({
  id: row.id,
  year: row.year,
  instrumentId: row.instrument_id,
});

export async function findOrCreateWave(
  db: Kysely<Database>,
  year: number,
  instrumentId: string,
  now: string,
): Promise<Wave> {
  const existing = await db
    .selectFrom('waves')
    .selectAll()
    .where('year', '=', year)
    .where('instrument_id', '=', instrumentId)
    .executeTakeFirst();
  if (existing) return toWave(existing);
  const row = await db
    .insertInto('waves')
    .values({ year, instrument_id: instrumentId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toWave(row);
}

/**
 * Waves that hold committed respondents, newest first. Counted from the
 * imports' own totals (not a count over the respondents: that grows with them).
 */
export async function listWaves(db: Kysely<Database>): Promise<(Wave & { respondents: number })[]> {
  const rows = await db
    .selectFrom('waves')
    .innerJoin('imports', 'imports.wave_id', 'waves.id')
    .select([
      'waves.id',
      'waves.year',
      'waves.instrument_id',
      (eb) => eb.fn.sum<number>('imports.respondents').as('respondents'),
    ])
    .where('imports.status', '=', 'committed')
    .where('imports.respondents', '>', 0)
    .groupBy(['waves.id', 'waves.year', 'waves.instrument_id'])
    .orderBy('waves.year', 'desc')
    .orderBy('waves.instrument_id')
    .execute();
  return rows.map((r) => ({ ...toWave(r), respondents: Number(r.respondents) }));
}

/**
 * The wave of `year`, with the instrument named or the only one it holds.
 * Throws a DomainError naming what to write when it is missing or ambiguous.
 */
export async function resolveWave(db: Kysely<Database>, year: number, instrumentId?: string): Promise<Wave> {
  const waves = (await listWaves(db)).filter((w) => w.year === year);
  const matching = instrumentId ? waves.filter((w) => w.instrumentId === instrumentId) : waves;
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) {
    const known = (await listWaves(db)).map((w) => w.year);
    throw new DomainError(
      'wave-not-found',
      `No data for wave ${year}${instrumentId ? ` with instrument "${instrumentId}"` : ''}.` +
        (known.length > 0 ? ` Waves with data: ${[...new Set(known)].join(', ')}.` : ' Import a survey first.'),
    );
  }
  throw new DomainError(
    'instrument-ambiguous',
    `Wave ${year} holds several instruments (${matching.map((w) => w.instrumentId).join(', ')}): add --instrument <id>.`,
  );
}

/** The wave of the same instrument just before `wave`, if any holds data. */
export async function previousWave(db: Kysely<Database>, wave: Wave): Promise<Wave | undefined> {
  return (await listWaves(db)).find((w) => w.instrumentId === wave.instrumentId && w.year < wave.year);
}
