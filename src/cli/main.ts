import { Command, CommanderError } from 'commander';
import { isDomainError } from '../domain/domain-error.js';

type Register = (program: Command) => void;

/**
 * Every command, loaded only when needed: `maturity import …` loads the
 * import path, not the web server, PDF or XLSX libraries (a faster start and
 * a smaller process). Help and unknown commands load all of them.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  import: async () => (await import('./commands/import-command.js')).registerImport,
  instrument: async () => (await import('./commands/instrument-command.js')).registerInstrument,
  scores: async () => (await import('./commands/scores-command.js')).registerScores,
  gaps: async () => (await import('./commands/gaps-command.js')).registerGaps,
  'common-gaps': async () => (await import('./commands/common-gaps-command.js')).registerCommonGaps,
  report: async () => (await import('./commands/report-command.js')).registerReport,
  demo: async () => (await import('./commands/demo-command.js')).registerDemo,
  serve: async () => (await import('./commands/serve-command.js')).registerServe,
  user: async () => (await import('./commands/user-command.js')).registerUser,
  token: async () => (await import('./commands/token-command.js')).registerToken,
  peers: async () => (await import('./commands/peers-command.js')).registerPeers,
  targets: async () => (await import('./commands/targets-command.js')).registerTargets,
};

/** The `maturity` command (README "The command line"), with the commands `argv` needs (all of them for help). */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('maturity')
    .description('Maturity Radar: import maturity surveys, score cities, compare them with their peers')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  for (const register of await Promise.all(named.map((name) => COMMANDS[name]!()))) register(program);
  program.commands.forEach((c) => c.exitOverride());
  program.commands.flatMap((c) => c.commands).forEach((c) => c.exitOverride());
  return program;
}

/** Runs the CLI; failures print one line `maturity: <reason>` and exit 1. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync([...argv], { from: 'user' });
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
