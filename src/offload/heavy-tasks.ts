import {
  indexUncertainty,
  type IndexUncertainty,
  type IndexUncertaintyInput,
  type IndexUncertaintyOptions,
} from '../domain/index-uncertainty.js';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { openSqliteReader } from '../db/sqlite-file.js';
import type { CitySample } from '../domain/bootstrap-samples.js';
import type { Instrument } from '../domain/instrument.js';
import { collectBootstrapSamples } from '../services/index-uncertainty-data.js';
import type { GapReport } from '../reports/gap-report.js';
import { renderReport, type ReportFormat } from '../reports/render-report.js';

/**
 * The work that may run on the worker pool (heavy-pool.ts): each a pure
 * function of plain, structured-clonable data (no class instances, no
 * functions), so it gives the same result on any thread. Add a computation
 * by adding an entry; the pool's `run` is typed from this table.
 */
export const HEAVY_TASKS = {
  /** A gap report file (charts drawn on a canvas, then the PDF, XLSX or HTML): the bytes. */
  'render-report': ({
    report,
    format,
  }: {
    readonly report: GapReport;
    readonly format: ReportFormat;
  }): Promise<Buffer> => renderReport(report, format),
  /** Index and rank intervals: the respondent bootstrap with weight draws (domain/index-uncertainty.ts). */
  'index-uncertainty': ({
    input,
    options,
  }: {
    readonly input: IndexUncertaintyInput;
    readonly options: IndexUncertaintyOptions;
  }): IndexUncertainty => indexUncertainty(input, options),
  /**
   * The bootstrap's respondent pass (services/index-uncertainty-data.ts), reading the SQLite file
   * itself: the respondents never cross the thread boundary, only the per-city samples.
   */
  'bootstrap-samples': ({
    file,
    waveId,
    instrument,
    slugById,
  }: {
    readonly file: string;
    readonly waveId: number;
    readonly instrument: Instrument;
    readonly slugById: ReadonlyMap<number, string>;
  }): Promise<CitySample[]> => collectBootstrapSamples(readerOf(file), waveId, instrument, slugById),
} as const;

/** This thread's read-only connections, one per file, kept open between tasks. */
const readers = new Map<string, Kysely<Database>>();
function readerOf(file: string): Kysely<Database> {
  let reader = readers.get(file);
  if (!reader) readers.set(file, (reader = openSqliteReader(file)));
  return reader;
}

export type HeavyTasks = typeof HEAVY_TASKS;
export type HeavyTaskName = keyof HeavyTasks;
export type HeavyInput<N extends HeavyTaskName> = Parameters<HeavyTasks[N]>[0];
export type HeavyOutput<N extends HeavyTaskName> = Awaited<ReturnType<HeavyTasks[N]>>;

/** What the pool posts to a worker: the task's name and its input. */
export interface HeavyMessage {
  readonly task: HeavyTaskName;
  readonly input: unknown;
}

/** Runs one task on this thread (the worker's side, and the pool's inline mode). */
export async function runHeavyTask(message: HeavyMessage): Promise<unknown> {
  const task = HEAVY_TASKS[message.task] as ((input: unknown) => unknown) | undefined;
  if (!task) throw new Error(`No heavy task called "${String(message.task)}".`);
  return task(message.input);
}
