#!/usr/bin/env node
// The `maturity` command: runs the TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';

// Output piped into `head` and closed early: stop quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { runCli } = await import('../src/cli/main.ts');
await runCli(process.argv.slice(2));
