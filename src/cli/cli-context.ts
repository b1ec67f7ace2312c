import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openStore } from '../db/open-store.js';
import type { Store } from '../db/create-db.js';
import { DomainError } from '../domain/domain-error.js';
import { parseWave, type WaveYear } from '../domain/wave.js';

/** Options every command takes (README "The command line"). */
export interface GlobalOptions {
  readonly db?: string;
  readonly json?: boolean;
}

export function addGlobalOptions(command: Command): Command {
  return command
    .option(
      '--db <path>',
      'SQLite database file or postgres:// URL (default: $DATABASE_URL, else data/maturity.sqlite or $MATURITY_DB)',
    )
    .option('--json', 'machine-readable JSON output');
}

/** Opens the database of the options, runs `fn`, always closes it. */
export async function withStore<T>(options: GlobalOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // An explicit --db (a file, or a postgres:// URL) wins over DATABASE_URL.
  const store = await openStore(options.db ? { dbPath: options.db, databaseUrl: null } : config);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reads `--wave` with the one wave rule the web and API use too (`parseWave`). */
export function parseWaveOption(value: string | undefined, required: boolean): WaveYear | undefined {
  if (value === undefined) {
    if (required) throw new DomainError('wave-missing', 'Give the wave with --wave <year>.');
    return undefined;
  }
  return parseWave(value);
}

/** A number for people: one decimal, "—" for none, "suppressed" when suppressed. */
export function fmt(value: number | null | undefined, suppressed = false): string {
  if (suppressed) return 'suppressed';
  return value === null || value === undefined ? '—' : value.toFixed(1);
}
