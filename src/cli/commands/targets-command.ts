import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { cityTargetsJson, findTargetCity, setCityTarget, targetInstrument } from '../../services/city-targets.js';
import { addGlobalOptions, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface SetOptions extends GlobalOptions {
  readonly city: string;
  readonly wave: string;
  readonly dimension: string;
  readonly value?: string;
  readonly remove?: boolean;
  readonly instrument?: string;
}

interface ListOptions extends GlobalOptions {
  readonly city: string;
  readonly wave?: string;
  readonly instrument?: string;
}

/** `maturity targets set|list`: a city's own targets per dimension and wave (audited as cli:<os user>). */
export function registerTargets(program: Command): void {
  const targets = program.command('targets').description("a city's own targets per dimension and wave");
  addGlobalOptions(
    targets
      .command('set')
      .description('set (or with --remove, remove) a target: --city Gent --wave 2026 --dimension SOV --value 70')
      .requiredOption('--city <name>', 'the city (name, alias or slug)')
      .requiredOption('--wave <year>', 'the wave the target is for')
      .requiredOption('--dimension <key>', 'dimension key, or the start of its key or label (SOV = sovereignty)')
      .option('--value <score>', 'the target score, 0–100')
      .option('--remove', 'remove the target instead')
      .option('--instrument <id>', 'the instrument (needed only when several could apply)'),
  ).action(async (options: SetOptions) => {
    const { DomainError } = await import('../../domain/domain-error.js');
    if ((options.value === undefined) === (options.remove !== true)) {
      throw new DomainError('target-invalid', 'Give either --value <0–100> or --remove.');
    }
    const json = await withStore(options, (store) =>
      setCityTarget(store.db, {
        city: options.city,
        wave: parseWaveOption(options.wave, true)!,
        dimension: options.dimension,
        value: options.remove ? null : options.value!,
        ...(options.instrument !== undefined ? { instrument: options.instrument } : {}),
        actor: `cli:${userInfo().username}`,
        now: new Date(),
      }),
    );
    if (options.json) return printJson(json);
    writeTable(json);
  });
  addGlobalOptions(
    targets
      .command('list')
      .description("list a city's targets")
      .requiredOption('--city <name>', 'the city (name, alias or slug)')
      .option('--wave <year>', 'only this wave')
      .option('--instrument <id>', 'the instrument (needed only when several are stored)'),
  ).action(async (options: ListOptions) => {
    const wave = parseWaveOption(options.wave, false);
    const json = await withStore(options, async (store) => {
      const city = await findTargetCity(store.db, options.city);
      return cityTargetsJson(store.db, city, await targetInstrument(store.db, wave, options.instrument), wave);
    });
    if (options.json) return printJson(json);
    writeTable(json);
  });
}

function writeTable(json: Awaited<ReturnType<typeof cityTargetsJson>>): void {
  const out = process.stdout;
  if (json.targets.length === 0) {
    out.write(
      `${json.city} has no targets (${json.instrument}). Set one with: maturity targets set --city "${json.city}" --wave <year> --dimension <key> --value <0–100>\n`,
    );
    return;
  }
  out.write(`Targets of ${json.city} (${json.instrument})\nwave\tdimension\ttarget\tset by\tset at\n`);
  for (const t of json.targets) out.write(`${t.wave}\t${t.dimension}\t${t.value}\t${t.setBy}\t${t.setAt}\n`);
}
