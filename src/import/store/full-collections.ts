import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection each time `count` passes another multiple of
 * `step`: the import's worker thread (by rows) keeps its peak memory down
 * with it (docs/performance.md): its heap stays small, so V8 rarely
 * collects it on its own. `gc` is exposed for this process only.
 */
export function fullCollectionsEvery(step: number): (count: number) => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let next = step;
  return (count) => {
    if (count < next) return;
    next += step;
    gc();
  };
}
