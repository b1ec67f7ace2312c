import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ALL_SEGMENTS, RESPONDENTS_NODE } from '../../domain/aggregate-accumulator.js';

/**
 * Every segment column value found among a wave's committed respondents
 * (`role = it`, `layer = tactical`, …), from the aggregates' respondent-count
 * rows: imports × cities × values rows read, never the respondents.
 * @example await listWaveSegmentValues(db, 3) // => [{ key: 'layer', value: 'strategic' }, { key: 'role', value: 'it' }, …]
 */
export async function listWaveSegmentValues(
  db: Kysely<Database>,
  waveId: number,
): Promise<{ key: string; value: string }[]> {
  const rows = await db
    .selectFrom('import_aggregates')
    .select(['segment_key', 'segment_value'])
    .distinct()
    .where('wave_id', '=', waveId)
    .where('node_key', '=', RESPONDENTS_NODE)
    .where('segment_key', '!=', ALL_SEGMENTS)
    .execute();
  return rows.map((r) => ({ key: r.segment_key, value: r.segment_value }));
}
