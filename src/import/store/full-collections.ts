import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection each time `count` passes another multiple of
 * `step`: the CLI import (by bytes read) and its worker thread (by rows) keep
 * their peak memory down with it (docs/performance.md). V8 lets the
 * old generation fill with dead chunks and message buffers for a long time
 * before collecting on its own. `gc` is exposed for this process only.
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
