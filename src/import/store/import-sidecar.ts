import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  AggregateAccumulator,
  type AggregateRowSource,
  type CellPlace,
  type CityAggregateRows,
} from '../../domain/aggregate-accumulator.js';
import { createOriginalCompressor } from '../../db/codecs/original-codec.js';
import type { Instrument } from '../../domain/instrument.js';
import { PROJECT_ROOT } from '../../paths.js';
import { unpackCityRows, type PackedCityRows } from './packed-city-rows.js';
import { PartRing } from './part-ring.js';
import {
  batchBufferBytes,
  batchLayout,
  fitsInByte,
  fitsInBytes,
  type BatchLayout,
  type BatchMode,
} from './row-batch.js';

/**
 * What an import computes besides its rows: the kept original, compressed, and the
 * score aggregates. Either here (`InlineSidecar`) or on a worker thread
 * (`WorkerSidecar`, the CLI): there it runs on the second core while this
 * thread parses, validates and inserts: the aggregates were a quarter of the
 * import's main thread (docs/performance.md).
 */
export interface ImportSidecar {
  /** Every byte of the file as read, in order (compressed when `onCompressed` was given). */
  bytes(chunk: Uint8Array): void | Promise<void>;
  /** One stored respondent, into the aggregates (a promise only when the worker is behind: backpressure). */
  add(
    cityId: number,
    weight: number | null,
    segments: Readonly<Record<string, string>> | null,
    answers: readonly (number | null)[],
  ): void | Promise<void>;
  /**
   * Ends the compression (every part handed to `onCompressed`) and returns the aggregates of everything
   * added, to be read once (on the worker: it stops when they have been read).
   */
  finish(): Promise<AggregateRowSource>;
  /** Frees what it holds (the worker). Safe to call twice, and after `finish`. */
  close(): void;
  /** True when `bytes` also hashes what it is handed (on the worker: the reader's thread need not). */
  readonly hashesBytes: boolean;
  /** The SHA-256 of every byte handed to `bytes`, once all are in (only when `hashesBytes`). */
  sha256(): Promise<string>;
}

export interface SidecarOptions {
  readonly instrument: Instrument;
  /**
   * Where the compressed original goes (original-codec.ts), in order; absent: nothing is compressed
   * (dry run). A chunk's memory is reused once the returned promise settles: copy what you keep.
   */
  readonly onCompressed?: (chunk: Buffer) => void | Promise<void>;
  /** The worker script to run on (`compiledWorkerUrl()`); absent or null: on this thread. */
  readonly worker?: URL | null;
}

export function openSidecar(options: SidecarOptions): ImportSidecar {
  return options.worker ? new WorkerSidecar(options.worker, options) : new InlineSidecar(options);
}

/**
 * The worker script, when this module runs compiled (dist/, the CLI): null
 * under tsx and vitest, which cannot start a worker from a .ts file.
 */
export function compiledWorkerUrl(): URL | null {
  const file = join(PROJECT_ROOT, 'dist', 'import', 'store', 'import-worker.js');
  return import.meta.url.endsWith('.js') && existsSync(file) ? pathToFileURL(file) : null;
}

/** On this thread: the compression on libuv's thread pool, the aggregates in line. */
export class InlineSidecar implements ImportSidecar {
  /** The reader hashes on its own thread: here it would be the same thread. */
  readonly hashesBytes = false;
  private readonly accumulator: AggregateAccumulator;
  private readonly compressor;
  private readonly out: Buffer[] = [];

  constructor(private readonly options: Omit<SidecarOptions, 'worker'>) {
    this.accumulator = new AggregateAccumulator(options.instrument);
    this.compressor = options.onCompressed ? createOriginalCompressor() : null;
    this.compressor?.on('data', (c: Buffer) => this.out.push(c));
  }

  /**
   * `consumed` (the worker's) is called once the compressor is done with `chunk`, so its memory can
   * be reused; without it the chunk is copied (a byte source reuses its buffer, and the compressor
   * reads it later, on the thread pool).
   */
  async bytes(chunk: Uint8Array, consumed?: () => void): Promise<void> {
    const compressor = this.compressor;
    if (!compressor) return;
    if (!compressor.write(consumed ? chunk : Buffer.from(chunk), consumed)) await once(compressor, 'drain');
    await this.hand();
  }

  add(
    cityId: number,
    weight: number | null,
    segments: Readonly<Record<string, string>> | null,
    answers: readonly (number | null)[],
  ): void {
    this.accumulator.add(cityId, weight, segments, answers);
  }

  /** The worker's path: the place of a city and its segment values (in key order), then rows into it. */
  place(cityId: number, values: readonly string[]): CellPlace {
    return this.accumulator.place(cityId, values);
  }

  addAt(place: CellPlace, weight: number | null, answers: Float64Array): void {
    this.accumulator.addAt(place, weight, answers);
  }

  async finish(): Promise<AggregateAccumulator> {
    const compressor = this.compressor;
    if (compressor) {
      await new Promise<void>((resolve, reject) => compressor.once('end', resolve).once('error', reject).end());
      await this.hand();
    }
    return this.accumulator;
  }

  close(): void {
    this.compressor?.destroy();
  }

  sha256(): Promise<string> {
    return Promise.reject(new Error('This sidecar does not hash the bytes.'));
  }

  private async hand(): Promise<void> {
    while (this.out.length > 0) await this.options.onCompressed!(this.out.shift()!);
  }
}

/**
 * Row batches in circulation (row-batch.ts): the reader waits when the worker
 * holds them all. Both kinds of buffer go back and forth (moved, never copied
 * by the messages) and are reused, so the transfer allocates nothing per
 * chunk: buffers allocated per message were collected so late on the worker
 * that the import's peak memory grew (docs/performance.md).
 */
const ROW_BUFFERS = 4;
/** File bytes per message to the worker, and those buffers in circulation (2 MiB the worker may be behind). */
const BYTES_PER_BUFFER = 1 << 20;
const BYTE_BUFFERS = 2;
/** The compressed original comes back in parts of this size, in buffers that go back and forth too. */
export const COMPRESSED_PART_BYTES = 1 << 20;

/** Messages between `WorkerSidecar` and import-worker.ts. */
export type ToWorker =
  | { readonly kind: 'bytes'; readonly buffer: ArrayBuffer; readonly length: number }
  | { readonly kind: 'free-compressed'; readonly buffer: ArrayBuffer }
  | {
      readonly kind: 'rows';
      readonly buffer: ArrayBuffer;
      readonly mode: BatchMode;
      readonly count: number;
      readonly fresh: readonly (readonly string[])[];
    }
  | { readonly kind: 'finish' }
  | { readonly kind: 'sha256' }
  | { readonly kind: 'aggregate-rows'; readonly importId: number; readonly waveId: number }
  | { readonly kind: 'more-rows' };
export type FromWorker =
  | { readonly kind: 'compressed'; readonly buffer: ArrayBuffer; readonly length: number }
  | { readonly kind: 'free-bytes'; readonly buffer: ArrayBuffer }
  | { readonly kind: 'free-rows'; readonly buffer: ArrayBuffer }
  | { readonly kind: 'finished' }
  | { readonly kind: 'sha256'; readonly hex: string }
  | { readonly kind: 'city-rows'; readonly rows: readonly PackedCityRows[] }
  | { readonly kind: 'rows-done' }
  | { readonly kind: 'failed'; readonly message: string };
export interface WorkerStart {
  readonly instrument: Instrument;
  readonly compress: boolean;
}

/**
 * On a worker thread (import-worker.ts): rows go over in batches of numbers
 * (row-batch.ts: city id, weight, each segment value's number in the per-key
 * dictionary both sides build — new values travel with the batch that first
 * uses them — and the answers), the compressed original comes back.
 */
class WorkerSidecar implements ImportSidecar {
  readonly hashesBytes: boolean;
  private readonly worker: Worker;
  /** The worker's SHA-256 of the bytes, once asked for and answered. */
  private digest: string | null = null;
  private readonly bufferBytes: number;
  private readonly keys: readonly string[];
  private readonly dictionary: Map<string, number>[];
  private fresh: string[][];
  private readonly freeRows: ArrayBuffer[] = [];
  private rowBuffers = 0;
  private batch: { buffer: ArrayBuffer; mode: BatchMode; layout: BatchLayout } | null = null;
  private count = 0;
  private readonly bytesOut = new PartRing(
    BYTES_PER_BUFFER,
    BYTE_BUFFERS,
    (buffer, length) => this.post({ kind: 'bytes', buffer, length }, [buffer]),
    () => this.waitForWorker(),
  );
  private readonly compressedOut: { buffer: ArrayBuffer; length: number }[] = [];
  private handing: Promise<void> | null = null;
  /** Messages and failures so far: a wait that began before the latest one is over. */
  private events = 0;
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  /** The worker has compressed everything and summed every row. */
  private finished = false;
  /** Aggregate rows of the next cities (a message's worth each), and whether the worker has sent its last. */
  private readonly cityRows: (readonly PackedCityRows[])[] = [];
  private rowsDone = false;
  private closed = false;

  constructor(
    script: URL,
    private readonly options: SidecarOptions,
  ) {
    const { instrument } = options;
    this.bufferBytes = batchBufferBytes(instrument);
    this.keys = instrument.segments.map((s) => s.key);
    const compress = options.onCompressed !== undefined;
    // The worker sees every byte only when it compresses them.
    this.hashesBytes = compress;
    this.dictionary = this.keys.map(() => new Map());
    this.fresh = this.keys.map(() => []);
    const start: WorkerStart = { instrument, compress };
    // A small young generation: the worker's live data are a few arrays (measured: the default grew it to 26 MB).
    this.worker = new Worker(script, { workerData: start, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    this.worker.on('message', (m: FromWorker) => this.receive(m));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`The import worker stopped (exit code ${code}).`));
    });
  }

  async bytes(chunk: Uint8Array): Promise<void> {
    this.check();
    if (!this.options.onCompressed) return;
    await this.bytesOut.write(chunk);
    await this.handCompressed();
  }

  add(
    cityId: number,
    weight: number | null,
    segments: Readonly<Record<string, string>> | null,
    answers: readonly (number | null)[],
  ): void | Promise<void> {
    if (this.batch === null) {
      const buffer =
        this.freeRows.pop() ??
        (this.rowBuffers < ROW_BUFFERS ? (this.rowBuffers++, new ArrayBuffer(this.bufferBytes)) : null);
      if (buffer === null) return this.waitForWorker().then(() => this.add(cityId, weight, segments, answers));
      const mode: BatchMode = fitsInBytes(answers) ? 'bytes' : 'numbers';
      this.batch = { buffer, mode, layout: batchLayout(this.options.instrument, buffer, mode) };
    }
    const { meta, metaWidth, small: bytes, numbers, questions, capacity } = this.batch.layout;
    const a = this.count * questions;
    if (bytes) {
      // Checked as they are copied: a row that does not fit a batch of bytes ends it, and the next
      // batch, of numbers, takes it.
      for (let q = 0; q < questions; q++) {
        const v = answers[q];
        if (v === null || v === undefined) bytes[a + q] = 0;
        else if (fitsInByte(v)) bytes[a + q] = v + 1;
        else {
          this.sendRows();
          return this.add(cityId, weight, segments, answers);
        }
      }
    } else for (let q = 0; q < questions; q++) numbers![a + q] = answers[q] ?? NaN;
    let o = this.count * metaWidth;
    meta[o++] = cityId;
    meta[o++] = weight ?? NaN;
    for (let k = 0; k < this.keys.length; k++) {
      const value = segments?.[this.keys[k]!] ?? '';
      let id = this.dictionary[k]!.get(value);
      if (id === undefined) {
        id = this.dictionary[k]!.size;
        this.dictionary[k]!.set(value, id);
        this.fresh[k]!.push(value);
      }
      meta[o++] = id;
    }
    if (++this.count === capacity) this.sendRows();
  }

  async sha256(): Promise<string> {
    this.check();
    if (!this.hashesBytes) throw new Error('This sidecar does not hash the bytes.');
    this.bytesOut.flush();
    this.post({ kind: 'sha256' });
    while (this.digest === null) {
      await this.waitForWorker();
      await this.handCompressed();
    }
    return this.digest;
  }

  async finish(): Promise<AggregateRowSource> {
    this.check();
    if (this.count > 0) this.sendRows();
    this.bytesOut.flush();
    this.post({ kind: 'finish' });
    while (!this.finished) {
      await this.waitForWorker();
      await this.handCompressed();
    }
    await this.handCompressed();
    return { rows: (importId, waveId) => this.aggregateRows(importId, waveId) };
  }

  /**
   * The aggregate rows, a few cities per message from the worker, which keeps two messages on their
   * way while one is stored: the sums of every cell never cross over (all at once they made the
   * import's peak memory), and the writer need not wait for the worker's next. Stops the worker
   * after the last.
   */
  private async *aggregateRows(importId: number, waveId: number): AsyncGenerator<CityAggregateRows> {
    this.post({ kind: 'aggregate-rows', importId, waveId });
    this.post({ kind: 'more-rows' });
    for (;;) {
      while (this.cityRows.length === 0 && !this.rowsDone) await this.waitForWorker();
      const cities = this.cityRows.shift();
      if (!cities) break;
      this.post({ kind: 'more-rows' });
      for (const city of cities) yield unpackCityRows(city);
    }
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
  }

  private sendRows(): void {
    const { buffer, mode } = this.batch!;
    this.post({ kind: 'rows', buffer, mode, count: this.count, fresh: this.fresh }, [buffer]);
    this.fresh = this.keys.map(() => []);
    this.batch = null;
    this.count = 0;
  }

  private post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private receive(m: FromWorker): void {
    if (m.kind === 'compressed') this.compressedOut.push(m);
    else if (m.kind === 'free-bytes') this.bytesOut.give(m.buffer);
    else if (m.kind === 'free-rows') this.freeRows.push(m.buffer);
    else if (m.kind === 'finished') this.finished = true;
    else if (m.kind === 'sha256') this.digest = m.hex;
    else if (m.kind === 'city-rows') this.cityRows.push(m.rows);
    else if (m.kind === 'rows-done') this.rowsDone = true;
    else this.fail(new Error(`The import worker failed: ${m.message}`));
    this.resume();
  }

  /** Hands the compressed parts on in order (one caller at a time), each buffer back to the worker after. */
  private handCompressed(): Promise<void> {
    return (this.handing ??= this.handParts().finally(() => (this.handing = null)));
  }

  private async handParts(): Promise<void> {
    while (this.compressedOut.length > 0) {
      const { buffer, length } = this.compressedOut.shift()!;
      await this.options.onCompressed!(Buffer.from(buffer, 0, length));
      if (!this.closed) this.post({ kind: 'free-compressed', buffer }, [buffer]);
    }
  }

  /** Waits for the worker's next message; first hands on its compressed parts, which it may be waiting to get back. */
  private async waitForWorker(): Promise<void> {
    this.check();
    const seen = this.events;
    await this.handCompressed();
    // A message that came while the parts were handed on is the one waited for.
    if (this.events === seen) await new Promise<void>((resolve) => (this.wake = resolve));
    this.check();
  }

  private resume(): void {
    this.events++;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.resume();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
