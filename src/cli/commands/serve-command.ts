import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import type { GlobalOptions } from '../cli-context.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the web app')
    .option('--port <port>', 'port to listen on (default 3000, or $PORT)')
    .option('--db <path>', 'SQLite database file (default: data/maturity.sqlite, or $MATURITY_DB)')
    .action(async (options: GlobalOptions & { port?: string }) => {
      const env = { ...process.env, ...(options.port ? { PORT: options.port } : {}), ...(options.db ? { MATURITY_DB: options.db } : {}) };
      // Loaded on use: the web stack would add ~40 MB and seconds of start-up to every other command.
      const { startServer } = await import('../../server-start.js');
      await startServer(loadConfig(env));
    });
}
