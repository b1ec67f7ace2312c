import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { addInstrument, listInstruments } from '../../db/repositories/instruments.js';
import { DomainError } from '../../domain/domain-error.js';
import { draftInstrument } from '../../import/draft/draft-instrument.js';
import { fileSource } from '../../import/read/byte-source.js';
import { readSample } from '../../import/read/read-sample.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';

export function registerInstrument(program: Command): void {
  const instrument = program.command('instrument').description('add, list and draft instruments (survey codebooks)');
  addGlobalOptions(
    instrument.command('add <file>').description('validate an instrument JSON file and store it'),
  ).action(async (file: string, options: GlobalOptions) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new DomainError('file-not-found', `Cannot read "${file}": no such file, or not readable.`);
    }
    const added = await withStore(options, (store) => addInstrument(store.db, text, new Date().toISOString()));
    const summary = {
      id: added.id,
      version: added.version,
      dimensions: added.dimensions.length,
      questions: added.questions.length,
    };
    if (options.json) printJson(summary);
    else
      process.stdout.write(
        `Instrument ${summary.id} ${summary.version}: ${summary.dimensions} dimensions, ${summary.questions} questions.\n`,
      );
  });
  instrument
    .command('draft <file>')
    .description(
      'draft an instrument from a survey export (CSV or workbook): id, city, country, wave and completion columns, rating questions, matrix groups',
    )
    .option('--out <file>', 'write the draft JSON here (default: standard output)')
    .option('--sheet <name>', 'the sheet of a workbook to read (default: the first)')
    .action(async (file: string, options: { out?: string; sheet?: string }) => {
      if (!existsSync(file))
        throw new DomainError('file-not-found', `Cannot read "${file}": no such file, or not readable.`);
      const sample = await readSample(fileSource(file), options.sheet !== undefined ? { sheet: options.sheet } : {});
      const draft = draftInstrument(sample, basename(file));
      const json = `${JSON.stringify(draft.instrument, null, 2)}\n`;
      if (options.out) writeFileSync(options.out, json);
      else process.stdout.write(json);
      const dimensions = (draft.instrument.dimensions as unknown[]).length;
      const report = [
        `Drafted ${draft.questions.length} rating question${draft.questions.length === 1 ? '' : 's'} in ${dimensions} dimension${dimensions === 1 ? '' : 's'}${options.out ? ` into ${options.out}` : ''}. Still to decide:`,
        ...draft.notes.map((n) => `  - ${n}`),
      ];
      process.stderr.write(`${report.join('\n')}\n`);
    });
  addGlobalOptions(instrument.command('list').description('the instruments stored')).action(
    async (options: GlobalOptions) => {
      const list = await withStore(options, (store) => listInstruments(store.db));
      if (options.json) printJson(list);
      else if (list.length === 0)
        process.stdout.write(
          'No instruments yet: add one with "maturity instrument add <file.json>" or load the demo.\n',
        );
      else for (const i of list) process.stdout.write(`${i.id}\t${i.version}\t${i.name}\n`);
    },
  );
}
