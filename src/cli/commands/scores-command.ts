import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error.js';
import { localize } from '../../domain/instrument.js';
import { scoresJson } from '../../services/scores-json.js';
import { loadDashboardWave } from '../../services/dashboard-data.js';
import { addGlobalOptions, fmt, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface ScoresOptions extends GlobalOptions {
  readonly wave?: string;
  readonly instrument?: string;
  readonly segment?: string;
  readonly city?: string;
  readonly rankStability?: boolean;
  readonly draws?: string;
  readonly seed?: string;
}

function positiveInt(value: string | undefined, option: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new DomainError('option-invalid', `${option} "${value}" must be a whole number from 1 to ${max}.`);
  }
  return Number(value);
}

export function registerScores(program: Command): void {
  addGlobalOptions(
    program
      .command('scores')
      .description('maturity scores per city and dimension for a wave')
      .requiredOption('--wave <year>', 'the survey wave')
      .option('--instrument <id>', 'the instrument (needed only when the wave holds several)')
      .option('--segment <column:value>', 'the figures of one segment, e.g. role:it (suppressed as on the pages)')
      .option('--city <name>', 'one city only (name, alias or slug)')
      .option('--rank-stability', "each city's median rank and 90 % rank interval under random dimension weights (seeded Monte Carlo)")
      .option('--draws <n>', 'Monte Carlo draws for --rank-stability (default 1000)')
      .option('--seed <n>', 'seed for --rank-stability (default 1)'),
  ).action(async (options: ScoresOptions) => {
    const result = await withStore(options, async (store) => {
      const { ws } = await loadDashboardWave(store.db, parseWaveOption(options.wave, true)!, options.instrument, options.segment);
      const draws = positiveInt(options.draws, '--draws', 100000);
      const seed = positiveInt(options.seed, '--seed', 2 ** 31);
      const rankStability = options.rankStability ? { ...(draws ? { draws } : {}), ...(seed ? { seed } : {}) } : undefined;
      return { json: scoresJson(ws, options.city, { rankStability }), labels: ws.instrument.dimensions.map((d) => localize(d.label, 'en')) };
    });
    if (options.json) return printJson(result.json);
    const { json } = result;
    const out = process.stdout;
    out.write(`Wave ${json.wave}, instrument ${json.instrument}${json.segment ? `, segment ${json.segment}` : ''}${json.synthetic ? ' (SYNTHETIC demo data)' : ''}\n`);
    const stable = json.rankStability !== undefined;
    out.write(['city', 'n', 'index', ...result.labels, ...(stable ? ['rank', 'median rank', '90 % rank interval'] : [])].join('\t') + '\n');
    for (const c of json.cities) {
      const r = c.rankStability;
      const ranks = stable ? (r ? [r.rank, r.medianRank, `${r.rankLow}–${r.rankHigh}`] : ['—', '—', '—']) : [];
      out.write([c.city, c.respondents ?? '—', fmt(c.index.score, c.index.suppressed), ...c.dimensions.map((d) => fmt(d.score, d.suppressed)), ...ranks].join('\t') + '\n');
    }
    if (json.previousWave !== null) out.write(`Trends against wave ${json.previousWave}: use --json (trend per city and dimension).\n`);
    const alpha = (v: number | null, suppressed: boolean) => (v === null ? (suppressed ? 'suppressed' : '—') : v.toFixed(2));
    out.write(
      `Cronbach's alpha, pooled / within cities: ${json.reliability.map((r) => `${r.key} ${alpha(r.alpha, r.suppressed)} / ${alpha(r.alphaWithinCities, r.suppressed)} (n ${r.n})`).join(', ')}\n`,
    );
  });
}
