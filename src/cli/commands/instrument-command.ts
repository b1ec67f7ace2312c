import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { addInstrument, listInstruments } from '../../db/repositories/instruments.js';
import { DomainError } from '../../domain/domain-error.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';

export function registerInstrument(program: Command): void {
  const instrument = program.command('instrument').description('add and list instruments (survey codebooks)');
  addGlobalOptions(instrument.command('add <file>').description('validate an instrument JSON file and store it')).action(
    async (file: string, options: GlobalOptions) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new DomainError('file-not-found', `Cannot read "${file}": no such file, or not readable.`);
      }
      const added = await withStore(options, (store) => addInstrument(store.db, text, new Date().toISOString()));
      const summary = { id: added.id, version: added.version, dimensions: added.dimensions.length, questions: added.questions.length };
      if (options.json) printJson(summary);
      else process.stdout.write(`Instrument ${summary.id} ${summary.version}: ${summary.dimensions} dimensions, ${summary.questions} questions.\n`);
    },
  );
  addGlobalOptions(instrument.command('list').description('the instruments stored')).action(async (options: GlobalOptions) => {
    const list = await withStore(options, (store) => listInstruments(store.db));
    if (options.json) printJson(list);
    else if (list.length === 0) process.stdout.write('No instruments yet: add one with "maturity instrument add <file.json>" or load the demo.\n');
    else for (const i of list) process.stdout.write(`${i.id}\t${i.version}\t${i.name}\n`);
  });
}
