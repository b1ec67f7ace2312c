import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** DESIGN: free-text comments are shown only for groups of at least 10 respondents (and only to analysts). */
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
  const rows = await db.selectFrom('respondents').select('texts').where('wave_id', '=', waveId).where('city_id', '=', cityId).execute();
  if (rows.length < MIN_COMMENT_GROUP) return { respondents: rows.length, shown: false, comments: [] };
  const comments: { column: string; text: string }[] = [];
  for (const r of rows) {
    if (!r.texts) continue;
    for (const [column, text] of Object.entries(JSON.parse(r.texts) as Record<string, string>)) comments.push({ column, text });
  }
  return { respondents: rows.length, shown: true, comments };
}
