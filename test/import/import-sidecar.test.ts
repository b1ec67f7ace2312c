import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decompressOriginal, ORIGINAL_ENCODING } from '../../src/db/codecs/original-codec.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addPackedQuestionMoments,
  type AggregateRowSource,
  type CityAggregateRows,
  FIELDS,
} from '../../src/domain/aggregate-accumulator.js';
import { parseInstrument } from '../../src/domain/instrument-schema.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { seededRandom } from '../../src/domain/seeded-random.js';
import { openSidecar, type ImportSidecar } from '../../src/import/store/import-sidecar.js';
import { PROJECT_ROOT } from '../../src/paths.js';
import { benchInstrumentJson } from '../../scripts/bench/bench-data.js';
// @ts-expect-error plain JavaScript launcher helper, no type declarations
import { compiledEntry } from '../../bin/compile.js';

/**
 * The import's side work (the kept original, compressed; the aggregates) gives the
 * same result on this thread and on the worker thread the CLI uses: vitest
 * cannot start a worker from TypeScript, so the worker is the compiled one,
 * as the CLI runs it.
 */
let workerUrl: URL;
const instrument: Instrument = parseInstrument(JSON.parse(benchInstrumentJson()));
beforeAll(async () => {
  await compiledEntry(PROJECT_ROOT, 'cli/main');
  workerUrl = pathToFileURL(join(PROJECT_ROOT, 'dist', 'import', 'store', 'import-worker.js'));
}, 60_000);

interface Row {
  city: number;
  weight: number | null;
  segments: Record<string, string> | null;
  answers: (number | null)[];
}

function rows(n: number, seed: number): Row[] {
  const random = seededRandom(seed);
  const roles = ['policy', 'it', 'data', 'legal'];
  return Array.from({ length: n }, (_, i) => ({
    city: 1 + Math.floor(random() * 7),
    // Weights, a blank segment, a segment value seen late, answers missing, off the counted path or too large for a byte.
    weight: i % 5 === 0 ? 0.5 + random() : null,
    segments:
      i % 11 === 0 ? null : { role: i > n - 50 ? 'late-role' : roles[i % 4]!, ...(i % 3 ? { layer: 'tactical' } : {}) },
    answers: instrument.questions.map((_, q) =>
      random() < 0.1
        ? null
        : q === 0 && i % 7 === 0
          ? 2.5
          : q === 1 && i % 13 === 0
            ? 255
            : 1 + Math.floor(random() * 5),
    ),
  }));
}

/** Feeds the same rows and bytes through a sidecar, in the order an import does (bytes, then rows, interleaved). */
async function feed(
  side: ImportSidecar,
  data: readonly Row[],
  bytes: Uint8Array,
  chunk: number,
): Promise<AggregateRowSource> {
  let at = 0;
  for (let i = 0; i < data.length; i++) {
    if (i % 100 === 0 && at < bytes.length) {
      await side.bytes(bytes.subarray(at, at + chunk));
      at += chunk;
    }
    const r = data[i]!;
    const pending = side.add(r.city, r.weight, r.segments, r.answers);
    if (pending) await pending;
  }
  while (at < bytes.length) {
    await side.bytes(bytes.subarray(at, at + chunk));
    at += chunk;
  }
  return side.finish();
}

async function cities(source: AggregateRowSource, importId = 1, waveId = 1): Promise<CityAggregateRows[]> {
  const out: CityAggregateRows[] = [];
  for await (const city of source.rows(importId, waveId)) out.push(city);
  return out;
}

/** Every stored row of an import's aggregates, as comparable text (question moments unpacked, rounded like the node rows). */
const tableRows = async (source: AggregateRowSource) =>
  (await cities(source))
    .flatMap(({ nodes, questions }) => [
      ...nodes.map(
        (r) =>
          `${r.city_id}|${r.segment_key}|${r.segment_value}|${r.node_key}|${r.n}|${r.sum_w.toFixed(9)}|${r.sum_w2.toFixed(9)}|${r.sum_wx.toFixed(6)}|${r.sum_wxx.toFixed(4)}`,
      ),
      ...questions.map((r) => {
        const sums = new Float64Array(instrument.questions.length * FIELDS);
        addPackedQuestionMoments(sums, r.moments);
        return `${r.city_id}|${r.segment_key}|${r.segment_value}|questions|${[...sums].map((x) => x.toFixed(4)).join(',')}`;
      }),
    ])
    .sort();

describe('import sidecar: this thread and the worker thread', () => {
  it('give the same aggregates and the same original back, through backpressure (more rows and bytes than buffers)', async () => {
    const data = rows(20_000, 5);
    const bytes = new Uint8Array(3_000_000).map((_, i) => (i * 7919) % 251);
    const outputs = { inline: [] as Buffer[], worker: [] as Buffer[] };
    const inline = await feed(
      openSidecar({ instrument, onCompressed: (c) => void outputs.inline.push(Buffer.from(c)) }),
      data,
      bytes,
      70_000,
    );
    const worker = await feed(
      openSidecar({ instrument, onCompressed: (c) => void outputs.worker.push(Buffer.from(c)), worker: workerUrl }),
      data,
      bytes,
      70_000,
    );
    const expected = await tableRows(inline);
    expect(expected.length).toBeGreaterThan(500);
    expect(await tableRows(worker)).toEqual(expected);
    expect(
      Buffer.compare(decompressOriginal(ORIGINAL_ENCODING, Buffer.concat(outputs.worker)), Buffer.from(bytes)),
    ).toBe(0);
    expect(
      Buffer.compare(decompressOriginal(ORIGINAL_ENCODING, Buffer.concat(outputs.inline)), Buffer.from(bytes)),
    ).toBe(0);
  }, 60_000);

  it('takes chunks of any size (one byte, larger than its buffers) and nothing at all when the original is not kept', async () => {
    const bytes = new Uint8Array(600_000).map((_, i) => i % 256);
    const out: Buffer[] = [];
    const side = openSidecar({ instrument, onCompressed: (c) => void out.push(Buffer.from(c)), worker: workerUrl });
    await side.bytes(bytes.subarray(0, 1));
    await side.bytes(bytes.subarray(1, 500_001));
    await side.bytes(bytes.subarray(500_001));
    // The worker hashes what it compresses: the reader's thread need not.
    expect(side.hashesBytes).toBe(true);
    expect(await side.sha256()).toBe(createHash('sha256').update(bytes).digest('hex'));
    await side.finish();
    expect(Buffer.compare(decompressOriginal(ORIGINAL_ENCODING, Buffer.concat(out)), Buffer.from(bytes))).toBe(0);

    const none = openSidecar({ instrument, worker: workerUrl });
    expect(none.hashesBytes).toBe(false);
    await none.bytes(bytes);
    none.add(
      1,
      null,
      null,
      instrument.questions.map(() => 3),
    );
    const [city] = await cities(await none.finish());
    expect(city!.nodes.find((r) => r.node_key === '*')?.n).toBe(1);
  });

  it('hands the aggregates over a city at a time, with the import and wave asked for, as Buffers', async () => {
    const side = openSidecar({ instrument, worker: workerUrl });
    const data = rows(2000, 3);
    for (const r of data) await side.add(r.city, r.weight, r.segments, r.answers);
    const got = await cities(await side.finish(), 12, 34);
    expect(got.map((c) => c.nodes[0]!.city_id).sort()).toEqual([...new Set(data.map((r) => r.city))].sort());
    for (const city of got) {
      expect(new Set(city.nodes.map((r) => r.city_id)).size).toBe(1);
      expect(city.nodes.every((r) => r.import_id === 12 && r.wave_id === 34)).toBe(true);
      expect(city.questions.every((r) => Buffer.isBuffer(r.moments) && r.import_id === 12)).toBe(true);
    }
    side.close();
  });

  it.skipIf(process.platform !== 'linux')('lowers the priority of the worker thread only', async () => {
    const readStat = (tid: string): string | null => {
      try {
        return readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      } catch {
        return null;
      }
    };
    /** The nice value of every thread of this process, by thread id (a thread may end between the listing and the read). */
    const niceness = () =>
      new Map(
        readdirSync('/proc/self/task').flatMap((tid) => {
          const stat = readStat(tid);
          return stat === null
            ? []
            : [[Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const];
        }),
      );
    const before = niceness();
    const side = openSidecar({ instrument, worker: workerUrl });
    for (const r of rows(10, 2)) await side.add(r.city, r.weight, r.segments, r.answers);
    await side.finish(); // the worker has answered: its start-up has run, and it still runs
    const after = niceness();
    side.close();
    const fresh = [...after].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
    expect(fresh).toContain(10);
    expect(after.get(process.pid)).toBe(before.get(process.pid));
    expect(after.get(process.pid)).toBe(0);
  });

  it('a worker that fails makes the import fail, naming it (no hang)', async () => {
    const side = openSidecar({
      instrument,
      onCompressed: () => undefined,
      worker: pathToFileURL(join(PROJECT_ROOT, 'package.json')),
    });
    await expect(feed(side, rows(3000, 1), new Uint8Array(10), 10)).rejects.toThrow();
    side.close();
  });
});
