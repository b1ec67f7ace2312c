import type { Kysely } from 'kysely';
import type { Moments } from '../domain/moments.js';
import type { Database } from './schema.js';
import { ALL_SEGMENTS, QUESTION_PREFIX } from './score-aggregates.js';

/**
 * The moments of each question's item scores for some cities of a wave,
 * pooled over its committed imports, from the aggregates' `~q:<code>` rows
 * (cities × questions × imports rows; never the respondents). Over all
 * respondents, or over the stored spellings `values` of one segment value.
 * Keyed by city id, then question code; a city with no answer in the group is absent.
 */
export async function loadQuestionMoments(
  db: Kysely<Database>,
  waveId: number,
  cityIds: readonly number[],
  segment?: { readonly key: string; readonly values: readonly string[] },
): Promise<Map<number, Map<string, Moments>>> {
  const out = new Map<number, Map<string, Moments>>();
  const values = segment ? segment.values : [ALL_SEGMENTS];
  if (cityIds.length === 0 || values.length === 0) return out;
  const rows = await db
    .selectFrom('import_aggregates')
    .select((eb) => [
      'city_id',
      'node_key',
      eb.fn.sum<number>('n').as('n'),
      eb.fn.sum<number>('sum_w').as('sum_w'),
      eb.fn.sum<number>('sum_w2').as('sum_w2'),
      eb.fn.sum<number>('sum_wx').as('sum_wx'),
      eb.fn.sum<number>('sum_wxx').as('sum_wxx'),
    ])
    .where('wave_id', '=', waveId)
    .where('city_id', 'in', cityIds)
    .where('segment_key', '=', segment?.key ?? ALL_SEGMENTS)
    .where('segment_value', 'in', values)
    .where('node_key', 'like', `${QUESTION_PREFIX}%`)
    .groupBy(['city_id', 'node_key'])
    .execute();
  for (const r of rows) {
    let city = out.get(r.city_id);
    if (!city) out.set(r.city_id, (city = new Map()));
    city.set(r.node_key.slice(QUESTION_PREFIX.length), {
      n: Number(r.n), sumW: Number(r.sum_w), sumW2: Number(r.sum_w2), sumWX: Number(r.sum_wx), sumWXX: Number(r.sum_wxx),
    });
  }
  return out;
}
