import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A minor garbage collection (of the young generation) each time `count`
 * passes another multiple of `step`: the import's worker thread (by rows).
 * Its heap stays small, so V8 rarely collects it on its own, and the buffers
 * it lets go of (messages, the compressor's output) would pile up outside it.
 * They die young: a scavenge frees them in a few milliseconds, where a full
 * collection took tens for the same memory (docs/performance.md). `gc` is
 * exposed for this process only.
 */
export function minorCollectionsEvery(step: number): (count: number) => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void;
  let next = step;
  return (count) => {
    if (count < next) return;
    next += step;
    gc({ type: 'minor' });
  };
}
