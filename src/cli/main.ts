import { Command, CommanderError } from 'commander';
import { isDomainError } from '../domain/domain-error.js';
import { registerCommonGaps } from './commands/common-gaps-command.js';
import { registerDemo } from './commands/demo-command.js';
import { registerGaps } from './commands/gaps-command.js';
import { registerImport } from './commands/import-command.js';
import { registerInstrument } from './commands/instrument-command.js';
import { registerReport } from './commands/report-command.js';
import { registerScores } from './commands/scores-command.js';
import { registerPeers } from './commands/peers-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerToken } from './commands/token-command.js';
import { registerUser } from './commands/user-command.js';

/** The `maturity` command (DESIGN "Interfaces"). */
export function buildProgram(): Command {
  const program = new Command('maturity')
    .description('Maturity Radar: import maturity surveys, score cities, compare them with their peers')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerImport(program);
  registerInstrument(program);
  registerScores(program);
  registerGaps(program);
  registerCommonGaps(program);
  registerReport(program);
  registerDemo(program);
  registerServe(program);
  registerUser(program);
  registerToken(program);
  registerPeers(program);
  program.commands.forEach((c) => c.exitOverride());
  program.commands.flatMap((c) => c.commands).forEach((c) => c.exitOverride());
  return program;
}

/** Runs the CLI; failures print one line `maturity: <reason>` and exit 1. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : 1;
      return;
    }
    const message = isDomainError(error) ? error.message : `unexpected error: ${(error as Error).message}`;
    process.stderr.write(`maturity: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    if (!isDomainError(error) && process.env.MATURITY_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 1;
  }
}
