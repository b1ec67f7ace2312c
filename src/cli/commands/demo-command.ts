import type { Command } from 'commander';
import { loadDemo } from '../../services/load-demo.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';

export function registerDemo(program: Command): void {
  addGlobalOptions(
    program.command('demo').description('load the SYNTHETIC demo data set (waves 2025 and 2026) into the database'),
  ).action(async (options: GlobalOptions) => {
    const summaries = await withStore(options, (store) => loadDemo(store, new Date()));
    if (options.json) return printJson(summaries);
    for (const s of summaries) {
      const already = s.errors.find((e) => e.code === 'duplicate-file');
      process.stdout.write(
        already
          ? `${s.fileName}: already loaded.\n`
          : s.errors.length > 0
            ? `${s.fileName}: rejected: ${s.errors[0]!.message}\n`
            : `${s.fileName}: import #${s.importId}, ${s.respondents} respondents (SYNTHETIC) in wave ${s.wave}.\n`,
      );
    }
  });
}
