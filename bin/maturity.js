#!/usr/bin/env node
// The `maturity` command. Runs src/ compiled to JavaScript (bin/compile.js: recompiled
// automatically whenever a source file changed); through tsx when it cannot compile.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledEntry } from './compile.js';

// Output piped into `head` and closed early: stop quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = process.env.MATURITY_NO_COMPILE ? null : await compiledEntry(root, 'cli/main');
let main;
if (compiled) main = await import(pathToFileURL(compiled).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/cli/main.ts');
}
await main.runCli(process.argv.slice(2));
