/**
 * The import's worker thread (import-sidecar.ts, `WorkerSidecar`): compresses
 * the file's bytes (original-codec.ts) and sums the respondents into the aggregates while the
 * main thread parses, validates and inserts. Messages are handled strictly in
 * order. It also hashes the bytes it compresses (the file's SHA-256, when asked for). The
 * aggregates go back as table rows, a few cities per message (packed-city-rows.ts), when asked for.
 */
import { createHash } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { AggregateAccumulator, CellPlace, CityAggregateRows } from '../../domain/aggregate-accumulator.js';
import { minorCollectionsEvery } from './minor-collections.js';
import {
  COMPRESSED_PART_BYTES,
  InlineSidecar,
  type FromWorker,
  type ToWorker,
  type WorkerStart,
} from './import-sidecar.js';
import { packCityRows, type PackedCityRows } from './packed-city-rows.js';
import { PartRing } from './part-ring.js';
import { batchLayout, type BatchMode } from './row-batch.js';

const port = parentPort!;
const { instrument, compress } = workerData as WorkerStart;

/**
 * This thread's work can wait: when every core is busy, the thread that reads the file and
 * feeds the database should run first (it waits for this one only when all row batches are
 * here). On Linux a nice value belongs to one thread, so only this thread yields; elsewhere
 * it would lower the whole process, so it is left alone there.
 */
const WORKER_NICE = 10;
if (process.platform === 'linux') {
  try {
    setPriority(0, WORKER_NICE);
  } catch {
    // Not allowed here (a sandbox): the import is only slower on a busy machine.
  }
}
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** zlib's output is a view into its working buffer: copied into parts that go to the reader and come back. */
let wakePart: (() => void) | null = null;
const parts = new PartRing(
  COMPRESSED_PART_BYTES,
  2,
  (buffer, length) => post({ kind: 'compressed', buffer, length }, [buffer]),
  () => new Promise<void>((resolve) => (wakePart = resolve)),
);
const postCompressed = (chunk: Buffer) => parts.write(chunk);

const side = new InlineSidecar({ instrument, ...(compress ? { onCompressed: postCompressed } : {}) });
/** The file's SHA-256, of the bytes as they pass (the reader asks for it after the last). */
const hash = createHash('sha256');
const segmentCount = instrument.segments.length;
const dictionary: string[][] = instrument.segments.map(() => []);
const values = dictionary.map(() => '');
/** The row's answers, NaN for no answer (as the accumulator reads them), in a reused array. */
const answers = new Float64Array(instrument.questions.length);
/**
 * Places by number (city id, then each segment value's dictionary number, 12
 * bits each), so most rows skip the look-up by strings. Up to two segment keys;
 * with more, or a key with more than 4,096 values, every row looks up.
 */
const places = new Map<number, CellPlace>();
const PLACE_BITS = 4096;
/** A minor collection every 25,000 rows: the dead buffers of messages and of the compressor's output would pile up. */
const collect = minorCollectionsEvery(25_000);
let rows = 0;
let summed: AggregateAccumulator | null = null;
let cities: Iterator<CityAggregateRows> | null = null;

function addRows(buffer: ArrayBuffer, mode: BatchMode, count: number, fresh: readonly (readonly string[])[]): void {
  fresh.forEach((added, k) => dictionary[k]!.push(...added));
  const { meta, metaWidth, small, numbers, questions } = batchLayout(instrument, buffer, mode);
  for (let r = 0; r < count; r++) {
    let o = r * metaWidth;
    const cityId = meta[o++]!;
    const w = meta[o++]!;
    let key = segmentCount <= 2 ? cityId : -1;
    for (let k = 0; k < segmentCount; k++) {
      const id = meta[o++]!;
      values[k] = dictionary[k]![id]!;
      key = key >= 0 && id < PLACE_BITS ? key * PLACE_BITS + id : -1;
    }
    const a = r * questions;
    if (small) {
      for (let q = 0; q < questions; q++) {
        const v = small[a + q]!;
        answers[q] = v === 0 ? NaN : v - 1;
      }
    } else for (let q = 0; q < questions; q++) answers[q] = numbers![a + q]!;
    let place = key >= 0 ? places.get(key) : undefined;
    if (!place) {
      place = side.place(cityId, values);
      if (key >= 0) places.set(key, place);
    }
    side.addAt(place, Number.isNaN(w) ? null : w, answers);
  }
}

async function handle(m: Exclude<ToWorker, { kind: 'free-compressed' }>): Promise<void> {
  if (m.kind === 'bytes') {
    const bytes = new Uint8Array(m.buffer, 0, m.length);
    hash.update(bytes);
    // Back to the reader for reuse once the compressor has consumed it.
    await side.bytes(bytes, () => post({ kind: 'free-bytes', buffer: m.buffer }, [m.buffer]));
  } else if (m.kind === 'rows') {
    addRows(m.buffer, m.mode, m.count, m.fresh);
    collect((rows += m.count));
    post({ kind: 'free-rows', buffer: m.buffer }, [m.buffer]);
  } else if (m.kind === 'sha256') {
    post({ kind: 'sha256', hex: hash.digest('hex') });
  } else if (m.kind === 'finish') {
    summed = await side.finish();
    parts.flush();
    post({ kind: 'finished' });
  } else if (m.kind === 'aggregate-rows') {
    cities = summed!.rows(m.importId, m.waveId);
    postCities();
  } else if (m.kind === 'more-rows') postCities();
}

/** Cities per message: a message costs both threads more than packing a city. */
const CITIES_PER_MESSAGE = 8;

/** The next cities' aggregate rows (the reader asks for each message: two are in transit at most). */
function postCities(): void {
  const rows: PackedCityRows[] = [];
  for (let next = cities!.next(); !next.done; next = cities!.next()) {
    rows.push(packCityRows(next.value));
    if (rows.length === CITIES_PER_MESSAGE) break;
  }
  if (rows.length === 0) return post({ kind: 'rows-done' });
  post(
    { kind: 'city-rows', rows },
    rows.flatMap((r) => [r.numbers.buffer as ArrayBuffer, r.textAt.buffer as ArrayBuffer]),
  );
}

let queue = Promise.resolve();
port.on('message', (m: ToWorker) => {
  // Out of turn: the queue may be waiting for this very buffer.
  if (m.kind === 'free-compressed') {
    parts.give(m.buffer);
    const wake = wakePart;
    wakePart = null;
    wake?.();
    return;
  }
  queue = queue
    .then(() => handle(m))
    .catch((error: unknown) =>
      post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
});
