/**
 * The worker pool's thread (heavy-pool.ts): runs one task of heavy-tasks.ts
 * per message. Bytes go back moved, not copied.
 */
import { move } from 'piscina';
import { runHeavyTask, type HeavyMessage } from './heavy-tasks.js';

export default async function heavyWorker(message: HeavyMessage): Promise<unknown> {
  const result = await runHeavyTask(message);
  if (!(result instanceof Uint8Array)) return result;
  // A Buffer may be a view into a larger shared slab: move a copy of just its bytes.
  const own =
    result.byteOffset === 0 && result.byteLength === result.buffer.byteLength ? result : new Uint8Array(result);
  return move(own);
}
