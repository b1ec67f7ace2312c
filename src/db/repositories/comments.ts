import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ALL_SEGMENTS, RESPONDENTS_NODE } from '../../domain/aggregate-accumulator.js';

/** Free-text comments are shown only for groups of at least 10 respondents (and only to analysts). */
export const MIN_COMMENT_GROUP = 10;

export interface CityComments {
  /** Respondents of the city in the wave: the group the comments come from. */
  readonly respondents: number;
  /** False when the group is smaller than MIN_COMMENT_GROUP: `comments` is then empty. */
  readonly shown: boolean;
  readonly comments: readonly { readonly column: string; readonly text: string }[];
}

/** The free-text answers of one city in one wave, withheld for groups under 10. */
export async function findCityComments(db: Kysely<Database>, waveId: number, cityId: number): Promise<CityComments> {
  // The group's size from the aggregates (their respondent-count rows), the texts through the partial index on rows with text.
  const count = await db
    .selectFrom('import_aggregates')
    .select((eb) => eb.fn.sum<number>('n').as('n'))
    .where('wave_id', '=', waveId)
    .where('city_id', '=', cityId)
    .where('segment_key', '=', ALL_SEGMENTS)
    .where('segment_value', '=', ALL_SEGMENTS)
    .where('node_key', '=', RESPONDENTS_NODE)
    .executeTakeFirst();
  const respondents = Number(count?.n ?? 0);
  if (respondents < MIN_COMMENT_GROUP) return { respondents, shown: false, comments: [] };
  const rows = await db
    .selectFrom('respondents')
    .select('texts')
    .where('wave_id', '=', waveId)
    .where('city_id', '=', cityId)
    .where('texts', 'is not', null)
    .orderBy('id')
    .execute();
  const comments: { column: string; text: string }[] = [];
  for (const r of rows) {
    for (const [column, text] of Object.entries(JSON.parse(r.texts!) as Record<string, string>))
      comments.push({ column, text });
  }
  return { respondents, shown: true, comments };
}
