// Preloaded into the server by `npm run bench:load` (node --import): every second it appends the
// event loop's delay over that second and the main thread's memory to the file in
// MATURITY_LOOP_MONITOR, as JSON lines (main thread only: worker threads inherit the preload). The server's own code is unchanged by it.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

const file = isMainThread ? process.env.MATURITY_LOOP_MONITOR : undefined;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  setInterval(() => {
    const m = process.memoryUsage();
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const line = {
      at: Math.round((performance.now() - started) / 100) / 10,
      delayP50: ms(delay.percentile(50)),
      delayP99: ms(delay.percentile(99)),
      delayMax: ms(delay.max),
      rss: mb(m.rss),
      heapUsed: mb(m.heapUsed),
      heapTotal: mb(m.heapTotal),
      external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers),
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
