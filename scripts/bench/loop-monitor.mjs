// Preloaded into the server by `npm run bench:load` (node --import; worker threads inherit it):
// every second each thread appends to the file in MATURITY_LOOP_MONITOR, as a JSON line, its
// event loop's delay over that second and its V8 heap (`thread` 0 is the request thread). The
// process's RSS, which every thread shares, comes with each line. The server's code is unchanged by it.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';

const file = process.env.MATURITY_LOOP_MONITOR;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  setInterval(() => {
    const m = process.memoryUsage();
    const line = {
      thread: threadId,
      // Wall-clock time, the same on every thread and in the benchmark.
      at: Date.now(),
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
