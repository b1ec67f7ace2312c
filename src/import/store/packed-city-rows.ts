import type { AggregateNodeRow, CityAggregateRows } from '../../domain/aggregate-accumulator.js';

/**
 * One city's aggregate rows as the import's worker hands them over: the
 * numbers in one typed array and each text once, so the message moves two
 * buffers and a short list of texts. As plain row objects, copying the
 * ~130 rows of a city field by field cost the worker and the reader more
 * than computing them, at the very end of the import where nothing else runs.
 */
export interface PackedCityRows {
  readonly importId: number;
  readonly waveId: number;
  readonly cityId: number;
  /** The distinct texts (segment keys and values, node keys). */
  readonly texts: readonly string[];
  /** Per node row, its segment key, segment value and node key as positions in `texts`; then per question row its two. */
  readonly textAt: Uint32Array;
  /** Per node row n, Σw, Σw², Σwx, Σwx², min, max (NaN: none); then every question row's moments. */
  readonly numbers: Float64Array;
  readonly nodeRows: number;
  /** Bytes of each question row's moments. */
  readonly momentBytes: readonly number[];
}

const NODE_NUMBERS = 7;

/** Packs a city's rows (all of one import, wave and city) for the message. */
export function packCityRows(rows: CityAggregateRows): PackedCityRows {
  const first = rows.nodes[0] ?? rows.questions[0];
  const texts: string[] = [];
  const index = new Map<string, number>();
  const at = (text: string) => {
    let i = index.get(text);
    if (i === undefined) index.set(text, (i = texts.push(text) - 1));
    return i;
  };
  const momentDoubles = rows.questions.reduce((n, q) => n + q.moments.byteLength / 8, 0);
  const numbers = new Float64Array(rows.nodes.length * NODE_NUMBERS + momentDoubles);
  const textAt = new Uint32Array(rows.nodes.length * 3 + rows.questions.length * 2);
  let n = 0;
  let t = 0;
  for (const r of rows.nodes) {
    textAt[t++] = at(r.segment_key);
    textAt[t++] = at(r.segment_value);
    textAt[t++] = at(r.node_key);
    numbers[n++] = r.n;
    numbers[n++] = r.sum_w;
    numbers[n++] = r.sum_w2;
    numbers[n++] = r.sum_wx;
    numbers[n++] = r.sum_wxx;
    numbers[n++] = r.min_x ?? NaN;
    numbers[n++] = r.max_x ?? NaN;
  }
  const bytes = new Uint8Array(numbers.buffer);
  for (const q of rows.questions) {
    textAt[t++] = at(q.segment_key);
    textAt[t++] = at(q.segment_value);
    bytes.set(q.moments, n * 8);
    n += q.moments.byteLength / 8;
  }
  return {
    importId: first?.import_id ?? 0,
    waveId: first?.wave_id ?? 0,
    cityId: first?.city_id ?? 0,
    texts,
    textAt,
    numbers,
    nodeRows: rows.nodes.length,
    momentBytes: rows.questions.map((q) => q.moments.byteLength),
  };
}

/** The rows back from `packCityRows`. */
export function unpackCityRows(p: PackedCityRows): CityAggregateRows {
  const { importId: import_id, waveId: wave_id, cityId: city_id, texts, textAt, numbers } = p;
  const nodes: AggregateNodeRow[] = new Array(p.nodeRows);
  let t = 0;
  let n = 0;
  for (let i = 0; i < p.nodeRows; i++) {
    const min = numbers[n + 5]!;
    const max = numbers[n + 6]!;
    nodes[i] = {
      import_id,
      wave_id,
      city_id,
      segment_key: texts[textAt[t]!]!,
      segment_value: texts[textAt[t + 1]!]!,
      node_key: texts[textAt[t + 2]!]!,
      n: numbers[n]!,
      sum_w: numbers[n + 1]!,
      sum_w2: numbers[n + 2]!,
      sum_wx: numbers[n + 3]!,
      sum_wxx: numbers[n + 4]!,
      min_x: Number.isNaN(min) ? null : min,
      max_x: Number.isNaN(max) ? null : max,
    };
    t += 3;
    n += NODE_NUMBERS;
  }
  let byte = n * 8;
  const questions = p.momentBytes.map((length) => {
    const row = {
      import_id,
      wave_id,
      city_id,
      segment_key: texts[textAt[t]!]!,
      segment_value: texts[textAt[t + 1]!]!,
      moments: Buffer.from(numbers.buffer, numbers.byteOffset + byte, length),
    };
    t += 2;
    byte += length;
    return row;
  });
  return { nodes, questions };
}
