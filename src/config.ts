import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

export interface Config {
  /** SQLite file (the embedded default). */
  readonly dbPath: string;
  /** postgres://… when set: the app runs on PostgreSQL instead. */
  readonly databaseUrl: string | null;
  readonly port: number;
  readonly host: string;
  /** Largest accepted upload, bytes. */
  readonly uploadLimitBytes: number;
  /** Express "trust proxy" (MATURITY_TRUST_PROXY, e.g. "loopback" or 1); false: no proxy is trusted. */
  readonly trustProxy: string | number | false;
  /** The city the overview highlights and offers as the entry point (MATURITY_HOME_CITY; default Gent). */
  readonly homeCity: string;
  /** How long an admin-issued one-time password works (MATURITY_ONE_TIME_PASSWORD_HOURS, default 72 h). */
  readonly oneTimePasswordMs: number;
  /** Audit events older than this many days are deleted, on start and daily (MATURITY_AUDIT_RETENTION_DAYS, default 365; 0 keeps them all). */
  readonly auditRetentionDays: number;
  /**
   * The worker pool for PDFs, spreadsheets, chart images and simulations:
   * threads (MATURITY_WORKERS, default one per core but one, at most 4; 0: on
   * the request thread) and tasks that may wait (MATURITY_WORK_QUEUE, default 32; more get 503).
   */
  readonly workPool: { readonly threads: number; readonly queue: number };
}

/** Worker threads for a machine: one core is left to the request thread; at most 4 (each holds its own heap and canvas). */
export function defaultWorkThreads(cores: number): number {
  return Math.max(1, Math.min(4, cores - 1));
}

/** Reads the configuration from the environment; throws naming a bad value. Frozen. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name}="${raw}" is not a whole number between ${min} and ${max}.`);
    }
    return value;
  };
  return Object.freeze({
    dbPath: env.MATURITY_DB || join(PROJECT_ROOT, 'data', 'maturity.sqlite'),
    databaseUrl: env.DATABASE_URL || null,
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    uploadLimitBytes: int('MATURITY_UPLOAD_LIMIT_MB', 32, 1, 4096) * 1024 * 1024,
    workPool: Object.freeze({
      threads: int('MATURITY_WORKERS', defaultWorkThreads(availableParallelism()), 0, 64),
      queue: int('MATURITY_WORK_QUEUE', 32, 0, 10_000),
    }),
    oneTimePasswordMs: int('MATURITY_ONE_TIME_PASSWORD_HOURS', 72, 1, 24 * 365) * 3600 * 1000,
    auditRetentionDays: int('MATURITY_AUDIT_RETENTION_DAYS', 365, 0, 36500),
    trustProxy: !env.MATURITY_TRUST_PROXY
      ? false
      : /^\d+$/.test(env.MATURITY_TRUST_PROXY)
        ? Number(env.MATURITY_TRUST_PROXY)
        : env.MATURITY_TRUST_PROXY,
    homeCity: env.MATURITY_HOME_CITY?.trim() || 'Gent',
  });
}
