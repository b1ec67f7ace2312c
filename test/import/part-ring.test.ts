import { describe, expect, it } from 'vitest';
import { PartRing } from '../../src/import/store/part-ring.js';

describe('PartRing', () => {
  it('sends full buffers in order, waits while every buffer is out, and sends the rest on flush', async () => {
    const sent: { bytes: number[]; buffer: ArrayBuffer }[] = [];
    let waits = 0;
    const ring: PartRing = new PartRing(
      4,
      2,
      (buffer, length) => sent.push({ bytes: [...new Uint8Array(buffer, 0, length)], buffer }),
      async () => {
        waits++;
        ring.give(sent[waits - 1]!.buffer); // the other side gives the oldest back
      },
    );
    await ring.write(Uint8Array.of(1, 2, 3));
    await ring.write(Uint8Array.of(4, 5, 6, 7, 8, 9, 10, 11));
    expect(waits).toBe(1); // two buffers out after 8 bytes; the third part waited for one back
    ring.flush();
    ring.flush(); // nothing more to send
    expect(sent.map((s) => s.bytes)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11],
    ]);
    expect(sent[2]!.buffer).toBe(sent[0]!.buffer); // reused, not a new one
  });
});
