import type { Kysely } from 'kysely';
import { recordAudit } from './audit-log.js';
import type { Database } from '../schema.js';

export interface CityTarget {
  readonly cityId: number;
  readonly instrument: string;
  readonly wave: number;
  readonly dimension: string;
  readonly value: number;
  readonly setBy: string;
  readonly setAt: string;
}

export interface TargetChange {
  readonly cityId: number;
  /** For the audit log: the city's name. */
  readonly cityName: string;
  readonly instrument: string;
  readonly wave: number;
  readonly dimension: string;
  /** The new target; null removes it. */
  readonly value: number | null;
  readonly actor: string;
  readonly ip?: string | null;
  readonly now: Date;
}

/**
 * Sets (or, with value null, removes) a city's target for one dimension and
 * wave, and records it in the audit log in the same transaction. Values are
 * validated by the caller (setCityTarget in services).
 */
export async function writeCityTarget(db: Kysely<Database>, change: TargetChange): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const key = {
      city_id: change.cityId,
      instrument_id: change.instrument,
      wave: change.wave,
      dimension: change.dimension,
    };
    const before = await trx
      .selectFrom('city_targets')
      .select('value')
      .where('city_id', '=', key.city_id)
      .where('instrument_id', '=', key.instrument_id)
      .where('wave', '=', key.wave)
      .where('dimension', '=', key.dimension)
      .executeTakeFirst();
    if (change.value === null) {
      await trx
        .deleteFrom('city_targets')
        .where('city_id', '=', key.city_id)
        .where('instrument_id', '=', key.instrument_id)
        .where('wave', '=', key.wave)
        .where('dimension', '=', key.dimension)
        .execute();
    } else {
      const at = change.now.toISOString();
      await trx
        .insertInto('city_targets')
        .values({ ...key, value: change.value, set_by: change.actor, set_at: at })
        .onConflict((oc) =>
          oc
            .columns(['city_id', 'instrument_id', 'wave', 'dimension'])
            .doUpdateSet({ value: change.value!, set_by: change.actor, set_at: at }),
        )
        .execute();
    }
    await recordAudit(trx, {
      actor: change.actor,
      action: change.value === null ? 'target-remove' : 'target-set',
      target: `${change.cityName} ${change.wave} ${change.dimension}`,
      detail: { instrument: change.instrument, before: before ? Number(before.value) : null, after: change.value },
      ip: change.ip ?? null,
      at: change.now,
    });
  });
}

/** A city's targets for one instrument, by wave then dimension; optionally one wave only. */
export async function listCityTargets(
  db: Kysely<Database>,
  cityId: number,
  instrument: string,
  wave?: number,
): Promise<CityTarget[]> {
  let q = db
    .selectFrom('city_targets')
    .selectAll()
    .where('city_id', '=', cityId)
    .where('instrument_id', '=', instrument)
    .orderBy('wave')
    .orderBy('dimension');
  if (wave !== undefined) q = q.where('wave', '=', wave);
  const rows = await q.execute();
  return rows.map((r) => ({
    cityId: Number(r.city_id),
    instrument: r.instrument_id,
    wave: Number(r.wave),
    dimension: r.dimension,
    value: Number(r.value),
    setBy: r.set_by,
    setAt: r.set_at,
  }));
}
