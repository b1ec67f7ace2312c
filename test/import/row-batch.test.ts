import { describe, expect, it } from 'vitest';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import { batchBufferBytes, batchLayout, fitsInBytes } from '../../src/import/store/row-batch.js';
import { benchInstrumentJson } from '../../scripts/bench/bench-data.js';

const instrument = parseInstrument(JSON.parse(benchInstrumentJson())); // 40 questions, 2 segments

describe('row batches for the import worker', () => {
  it('take answers as bytes only when every one is a whole number 0–254', () => {
    expect(fitsInBytes([null, 0, 1, 5, 254])).toBe(true);
    for (const odd of [255, 2.5, -1, -0, Number.NaN]) expect(fitsInBytes([1, odd, 3])).toBe(false);
  });

  it('lay a buffer out as 4,096 rows of bytes or a fifth as many of numbers, meta first', () => {
    const buffer = new ArrayBuffer(batchBufferBytes(instrument));
    const bytes = batchLayout(instrument, buffer, 'bytes');
    expect([bytes.capacity, bytes.metaWidth, bytes.meta.length, bytes.small!.length, bytes.numbers]).toEqual([
      4096,
      4,
      4096 * 4,
      4096 * 40,
      null,
    ]);
    expect(bytes.small!.byteOffset).toBe(4096 * 4 * 8);
    const numbers = batchLayout(instrument, buffer, 'numbers');
    expect(numbers.capacity).toBe(Math.floor(buffer.byteLength / (44 * 8)));
    expect(numbers.numbers!.byteOffset + numbers.numbers!.byteLength).toBeLessThanOrEqual(buffer.byteLength);
  });
});
