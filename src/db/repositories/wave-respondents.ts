import type { Kysely } from 'kysely';
import { decodeAnswers } from '../codecs/answer-codec.js';
import type { Database } from '../schema.js';

export interface StoredRespondent {
  readonly cityId: number;
  readonly weight: number | null;
  readonly answers: (number | null)[];
}

/**
 * Every stored respondent of a wave (committed imports only: undo deletes its
 * respondents), in pages of `pageSize` by id, so memory stays bounded at any
 * wave size. For computations that need respondents, not the aggregates (the
 * index bootstrap).
 */
export async function forEachWaveRespondent(
  db: Kysely<Database>,
  waveId: number,
  visit: (r: StoredRespondent) => void,
  pageSize = 20_000,
): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('respondents')
      .select(['id', 'city_id', 'weight', 'answers'])
      .where('wave_id', '=', waveId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const r of rows)
      visit({
        cityId: Number(r.city_id),
        weight: r.weight === null ? null : Number(r.weight),
        answers: decodeAnswers(r.answers),
      });
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1]!.id);
  }
}
