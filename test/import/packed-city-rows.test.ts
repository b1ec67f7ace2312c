import { describe, expect, it } from 'vitest';
import type { CityAggregateRows } from '../../src/domain/aggregate-accumulator.js';
import { packQuestionMoments } from '../../src/domain/aggregate-accumulator.js';
import { packCityRows, unpackCityRows } from '../../src/import/store/packed-city-rows.js';

const node = (
  segmentKey: string,
  segmentValue: string,
  nodeKey: string,
  n: number,
  range: [number, number] | null,
) => ({
  import_id: 7,
  wave_id: 3,
  city_id: 42,
  segment_key: segmentKey,
  segment_value: segmentValue,
  node_key: nodeKey,
  n,
  sum_w: n * 1.5,
  sum_w2: n * 2.25,
  sum_wx: 0.1 + 0.2,
  sum_wxx: 1 / 3,
  min_x: range?.[0] ?? null,
  max_x: range?.[1] ?? null,
});

describe('a city’s aggregate rows packed for the worker’s message', () => {
  it('comes back field for field: texts, exact doubles, absent ranges and the question moments’ bytes', () => {
    const rows: CityAggregateRows = {
      nodes: [
        node('', '', 'SOV', 12, [0, 100]),
        node('', '', '*', 12, null),
        node('role', 'zoë', 'SOV', 3, [-0, 66.66666666666667]),
        node('role', 'zoë', '~alpha:SOV:T', 3, null),
      ],
      questions: [
        {
          import_id: 7,
          wave_id: 3,
          city_id: 42,
          segment_key: '',
          segment_value: '',
          moments: packQuestionMoments([1, 2, 3, 4.5, 1e-300]),
        },
        {
          import_id: 7,
          wave_id: 3,
          city_id: 42,
          segment_key: 'role',
          segment_value: 'zoë',
          moments: packQuestionMoments([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
        },
      ],
    };
    const packed = packCityRows(rows);
    // Each text once: '', 'SOV', '*', 'role', 'zoë', '~alpha:SOV:T'.
    expect(packed.texts).toHaveLength(6);
    const back = unpackCityRows(structuredClone(packed));
    expect(back.nodes).toEqual(rows.nodes);
    expect(back.questions.map((q) => ({ ...q, moments: [...q.moments] }))).toEqual(
      rows.questions.map((q) => ({ ...q, moments: [...q.moments] })),
    );
    expect(Buffer.isBuffer(back.questions[0]!.moments)).toBe(true);
  });

  it('packs a city without rows', () => {
    expect(unpackCityRows(packCityRows({ nodes: [], questions: [] }))).toEqual({ nodes: [], questions: [] });
  });
});
