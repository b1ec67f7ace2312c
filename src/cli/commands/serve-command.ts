import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { GlobalOptions } from '../cli-context.js';
import { isPostgresUrl } from '../../db/open-store.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the web app')
    .option('--port <port>', 'port to listen on (default 3000, or $PORT)')
    .option(
      '--db <path>',
      'SQLite database file or postgres:// URL (default: $DATABASE_URL, else data/maturity.sqlite or $MATURITY_DB)',
    )
    .action(async (options: GlobalOptions & { port?: string }) => {
      const env = {
        ...process.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.db ? dbEnv(options.db) : {}),
      };
      // Loaded on use: the web stack would add memory and start-up time to every other command.
      const { startServer } = await import('../../server-start.js');
      await startServer(loadConfig(env));
    });
}

/** --db wins over the environment: a postgres:// URL becomes DATABASE_URL, a path MATURITY_DB. */
function dbEnv(db: string): Record<string, string> {
  return isPostgresUrl(db) ? { DATABASE_URL: db } : { MATURITY_DB: db, DATABASE_URL: '' };
}
