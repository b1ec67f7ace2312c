import type { Command } from 'commander';
import { commonGaps } from '../../domain/common-gaps.js';
import { loadWaveScoring } from '../../services/wave-scoring.js';
import { addGlobalOptions, fmt, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface CommonGapsOptions extends GlobalOptions {
  readonly wave?: string;
  readonly instrument?: string;
}

export function registerCommonGaps(program: Command): void {
  addGlobalOptions(
    program
      .command('common-gaps')
      .description('the same gaps across cities: mean gap to target and share below level 3, ranked')
      .requiredOption('--wave <year>', 'the survey wave')
      .option('--instrument <id>', 'the instrument (needed only when the wave holds several)'),
  ).action(async (options: CommonGapsOptions) => {
    const gaps = await withStore(options, async (store) => {
      const ws = await loadWaveScoring(store.db, parseWaveOption(options.wave, true)!, options.instrument);
      return commonGaps(ws.instrument, ws.cities);
    });
    if (options.json) return printJson(gaps);
    process.stdout.write('dimension\tmean gap to target\tshare below level 3\tcities\n');
    for (const g of gaps) {
      process.stdout.write(
        `${g.key}\t${fmt(g.meanGapToTarget)}\t${g.shareBelowLevel3 === null ? '—' : `${Math.round(100 * g.shareBelowLevel3)} %`}\t${g.cities}\n`,
      );
    }
  });
}
