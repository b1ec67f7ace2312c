import type { Instrument } from '../../domain/instrument.js';

/**
 * Rows on their way to the import's worker (import-sidecar.ts → import-worker.ts),
 * in reusable buffers of BATCH_BYTES. Each row: its city id, weight (NaN:
 * none) and segment values' dictionary numbers as doubles (`meta`), then its
 * answers. A batch holds its answers as one byte each when every answer in
 * it is a whole number 0–254 (value + 1; 0 = no answer: every Likert file),
 * 4,096 rows of 40 questions; otherwise as doubles (NaN = no answer), a fifth
 * as many rows. Bytes mean a fifth of the memory to fill, move and read, and
 * a quarter of the messages: each message wakes the worker, and with another
 * process on the second core a million rows spent 1.6 s of the main thread in
 * `postMessage` at 1,024 rows per message.
 */
export const BATCH_BYTES = 4096 * (4 * 8 + 40);

export type BatchMode = 'bytes' | 'numbers';

export interface BatchLayout {
  /** Rows the batch can hold. */
  readonly capacity: number;
  /** Doubles per row in `meta`. */
  readonly metaWidth: number;
  readonly meta: Float64Array;
  /** Answers: `bytes` mode (value + 1; 0: no answer) … */
  readonly small: Uint8Array | null;
  /** … or `numbers` mode (NaN: no answer); `questions` per row either way. */
  readonly numbers: Float64Array | null;
  readonly questions: number;
}

/** The views of a batch buffer in `mode`. */
export function batchLayout(instrument: Instrument, buffer: ArrayBuffer, mode: BatchMode): BatchLayout {
  const metaWidth = 2 + instrument.segments.length;
  const questions = instrument.questions.length;
  const rowBytes = metaWidth * 8 + (mode === 'bytes' ? questions : questions * 8);
  const capacity = Math.max(1, Math.floor(buffer.byteLength / rowBytes));
  const meta = new Float64Array(buffer, 0, capacity * metaWidth);
  const answersAt = capacity * metaWidth * 8;
  return {
    capacity,
    metaWidth,
    meta,
    small: mode === 'bytes' ? new Uint8Array(buffer, answersAt, capacity * questions) : null,
    numbers: mode === 'numbers' ? new Float64Array(buffer, answersAt, capacity * questions) : null,
    questions,
  };
}

/** The buffer a batch needs: BATCH_BYTES, or one row in `numbers` mode if that is larger (a very wide instrument). */
export function batchBufferBytes(instrument: Instrument): number {
  return Math.max(BATCH_BYTES, (2 + instrument.segments.length + instrument.questions.length) * 8);
}

/** True when every answer fits `bytes` mode: none, or a whole number 0–254 (not -0). */
export function fitsInBytes(answers: readonly (number | null)[]): boolean {
  for (let q = 0; q < answers.length; q++) {
    const v = answers[q];
    if (v !== null && v !== undefined && !fitsInByte(v)) return false;
  }
  return true;
}

/** True for an answer a batch of bytes holds (stored as v + 1; 0 is no answer): a whole number 0–254, not -0. */
export function fitsInByte(v: number): boolean {
  return v >= 0 && v <= 254 && Number.isInteger(v) && !Object.is(v, -0);
}
