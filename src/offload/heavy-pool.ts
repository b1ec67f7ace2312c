import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { DomainError } from '../domain/domain-error.js';
import { PROJECT_ROOT } from '../paths.js';
import type { HeavyInput, HeavyMessage, HeavyOutput, HeavyTaskName } from './heavy-tasks.js';

export interface HeavyPoolOptions {
  /** Worker threads; 0 runs every task on the calling thread (the CLI, or a machine with one core). */
  readonly threads: number;
  /** Tasks that may wait for a thread; one more is refused with `ServerBusyError`. */
  readonly queue: number;
  /** How long an idle thread is kept before it exits (ms); the next task starts one again. */
  readonly idleMs?: number;
}

export interface HeavyPoolStats {
  readonly threads: number;
  readonly running: number;
  readonly queued: number;
  readonly completed: number;
  /** Tasks refused because the queue was full. */
  readonly refused: number;
}

/**
 * A small pool of worker threads for CPU-heavy pure work (heavy-tasks.ts):
 * while a PDF is drawn or ranks are simulated there, the request thread keeps
 * answering. The queue is bounded: past it, `run` fails at once with
 * `ServerBusyError` (the web layer answers 503 with Retry-After), so latency
 * cannot grow without bound.
 */
export interface HeavyPool {
  run<N extends HeavyTaskName>(task: N, input: HeavyInput<N>): Promise<HeavyOutput<N>>;
  stats(): HeavyPoolStats;
  /** Ends the threads; waits for the tasks already running. */
  close(): Promise<void>;
}

/** The heavy work's queue is full: try again after `retryAfterSeconds`. */
export class ServerBusyError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'server-busy',
      `The server is busy with other reports and computations: please try again in ${retryAfterSeconds} s.`,
    );
    this.name = 'ServerBusyError';
  }
}

/**
 * The worker's script: the esbuild bundle when this module runs compiled
 * (dist/, the CLI's `serve`), else the TypeScript source with tsx's loader
 * (`npm start`, vitest), which a worker thread does not inherit from vitest.
 */
export function heavyWorkerScript(): { readonly filename: string; readonly execArgv?: string[] } {
  const compiled = join(PROJECT_ROOT, 'dist', 'offload', 'heavy-worker.js');
  if (import.meta.url.endsWith('.js') && existsSync(compiled)) return { filename: pathToFileURL(compiled).href };
  const tsx = pathToFileURL(createRequire(join(PROJECT_ROOT, 'package.json')).resolve('tsx')).href;
  return {
    filename: pathToFileURL(join(PROJECT_ROOT, 'src', 'offload', 'heavy-worker.ts')).href,
    execArgv: ['--import', tsx],
  };
}

export function createHeavyPool(options: HeavyPoolOptions): HeavyPool {
  return options.threads > 0 ? new WorkerPool(options) : new InlinePool(options);
}

/** Every task on the calling thread, never refused: for the CLI and scripts, where nothing else waits. */
export function onThisThread(): HeavyPool {
  return createHeavyPool({ threads: 0, queue: Infinity });
}

/** Bookkeeping shared by both pools: the bound, and an estimate of the wait for Retry-After. */
abstract class BoundedPool implements HeavyPool {
  private inFlight = 0;
  private done = 0;
  private refusals = 0;
  /** Moving average of a task's duration (ms), for Retry-After. */
  private averageMs = 200;

  constructor(protected readonly options: HeavyPoolOptions) {}

  async run<N extends HeavyTaskName>(task: N, input: HeavyInput<N>): Promise<HeavyOutput<N>> {
    const threads = Math.max(1, this.options.threads);
    if (this.inFlight >= threads + this.options.queue) {
      this.refusals++;
      const waitMs = ((this.inFlight - threads + 1) * this.averageMs) / threads;
      throw new ServerBusyError(Math.max(1, Math.ceil(waitMs / 1000)));
    }
    this.inFlight++;
    const started = performance.now();
    try {
      const result = await this.execute({ task, input });
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      // Bytes cross the thread boundary as a plain Uint8Array: callers get a Buffer, as on one thread.
      return (
        result instanceof Uint8Array && !Buffer.isBuffer(result)
          ? Buffer.from(result.buffer, result.byteOffset, result.byteLength)
          : result
      ) as HeavyOutput<N>;
    } finally {
      this.inFlight--;
      this.done++;
    }
  }

  stats(): HeavyPoolStats {
    const threads = this.options.threads;
    const running = Math.min(this.inFlight, Math.max(1, threads));
    return { threads, running, queued: this.inFlight - running, completed: this.done, refused: this.refusals };
  }

  protected abstract execute(message: HeavyMessage): Promise<unknown>;
  abstract close(): Promise<void>;
}

class WorkerPool extends BoundedPool {
  private readonly piscina: Piscina;

  constructor(options: HeavyPoolOptions) {
    super(options);
    const script = heavyWorkerScript();
    this.piscina = new Piscina({
      ...script,
      // Threads start on first use and leave when idle, so a quiet server holds no worker heaps.
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: options.idleMs ?? 300_000,
      // The bound is ours (above), counted over running and waiting tasks alike.
      maxQueue: Infinity,
      // Lower CPU priority for the threads (Linux; via @napi-rs/nice, which piscina loads): when the
      // cores are short, the request thread runs first and reports wait, not the other way round.
      niceIncrement: 10,
      // A runaway task ends its thread (its request fails), not the server: a report needs a few tens
      // of MB. A small young generation: the default let each thread's heap grow by ~30 MB more.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 8 },
    });
  }

  protected execute(message: HeavyMessage): Promise<unknown> {
    return this.piscina.run(message);
  }

  close(): Promise<void> {
    return this.piscina.destroy();
  }
}

/** Every task on the calling thread, one at a time in effect (the thread is blocked while it runs). */
class InlinePool extends BoundedPool {
  protected async execute(message: HeavyMessage): Promise<unknown> {
    const { runHeavyTask } = await import('./heavy-tasks.js');
    return runHeavyTask(message);
  }

  async close(): Promise<void> {}
}
