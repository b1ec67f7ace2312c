import type { Command } from 'commander';
import { localize } from '../../domain/instrument.js';
import { scoresJson } from '../../services/scores-json.js';
import { loadWaveScoring } from '../../services/wave-scoring.js';
import { addGlobalOptions, fmt, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface ScoresOptions extends GlobalOptions {
  readonly wave?: string;
  readonly instrument?: string;
  readonly city?: string;
}

export function registerScores(program: Command): void {
  addGlobalOptions(
    program
      .command('scores')
      .description('maturity scores per city and dimension for a wave')
      .requiredOption('--wave <year>', 'the survey wave')
      .option('--instrument <id>', 'the instrument (needed only when the wave holds several)')
      .option('--city <name>', 'one city only (name, alias or slug)'),
  ).action(async (options: ScoresOptions) => {
    const result = await withStore(options, async (store) => {
      const ws = await loadWaveScoring(store.db, parseWaveOption(options.wave, true)!, options.instrument);
      return { json: scoresJson(ws, options.city), labels: ws.instrument.dimensions.map((d) => localize(d.label, 'en')) };
    });
    if (options.json) return printJson(result.json);
    const { json } = result;
    const out = process.stdout;
    out.write(`Wave ${json.wave}, instrument ${json.instrument}${json.synthetic ? ' (SYNTHETIC demo data)' : ''}\n`);
    out.write(['city', 'n', 'index', ...result.labels].join('\t') + '\n');
    for (const c of json.cities) {
      out.write([c.city, c.respondents, fmt(c.index.score, c.index.suppressed), ...c.dimensions.map((d) => fmt(d.score, d.suppressed))].join('\t') + '\n');
    }
  });
}
