import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error.js';
import { localize } from '../../domain/instrument.js';
import { MAX_DRAWS } from '../../domain/index-uncertainty.js';
import { onThisThread } from '../../offload/heavy-pool.js';
import { loadIndexUncertainty } from '../../services/index-uncertainty-data.js';
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
  readonly aggregation?: string;
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
      .option(
        '--rank-stability',
        "each city's 95 % index interval, median rank and 90 % rank interval (seeded bootstrap of respondents with random dimension weights)",
      )
      .option('--draws <n>', `bootstrap draws for --rank-stability (default 1000, at most ${MAX_DRAWS})`)
      .option('--seed <n>', 'seed for --rank-stability (default 1)')
      .option(
        '--aggregation <kind>',
        'arithmetic (the published index) or geometric (a sensitivity view) for --rank-stability',
        'arithmetic',
      ),
  ).action(async (options: ScoresOptions) => {
    const result = await withStore(options, async (store) => {
      const { ws } = await loadDashboardWave(
        store.db,
        parseWaveOption(options.wave, true)!,
        options.instrument,
        options.segment,
      );
      if (options.segment !== undefined && options.rankStability) {
        throw new DomainError(
          'option-invalid',
          '--rank-stability resamples whole cities: leave out --segment (the city page, too, shows no rank interval for a segment).',
        );
      }
      const draws = positiveInt(options.draws, '--draws', MAX_DRAWS);
      const seed = positiveInt(options.seed, '--seed', 2 ** 31);
      const aggregation = options.aggregation ?? 'arithmetic';
      if (aggregation !== 'arithmetic' && aggregation !== 'geometric') {
        throw new DomainError('option-invalid', `--aggregation "${aggregation}" must be arithmetic or geometric.`);
      }
      const rankStability = options.rankStability
        ? await loadIndexUncertainty(store.db, onThisThread(), ws, {
            ...(draws ? { draws } : {}),
            ...(seed ? { seed } : {}),
            aggregation,
          })
        : undefined;
      return {
        json: scoresJson(ws, options.city, rankStability ? { rankStability } : {}),
        labels: ws.instrument.dimensions.map((d) => localize(d.label, 'en')),
      };
    });
    if (options.json) return printJson(result.json);
    const { json } = result;
    const out = process.stdout;
    out.write(
      `Wave ${json.wave}, instrument ${json.instrument}${json.segment ? `, segment ${json.segment}` : ''}${json.synthetic ? ' (SYNTHETIC demo data)' : ''}\n`,
    );
    const stable = json.rankStability !== undefined;
    out.write(
      [
        'city',
        'n',
        'index',
        ...result.labels,
        ...(stable ? ['95 % index interval', 'rank', 'median rank', '90 % rank interval'] : []),
      ].join('\t') + '\n',
    );
    for (const c of json.cities) {
      const r = c.rankStability;
      const ranks = !stable
        ? []
        : r && r.complete
          ? [`${fmt(r.indexLow)}–${fmt(r.indexHigh)}`, r.rank, r.medianRank, `${r.rankLow}–${r.rankHigh}`]
          : [r ? 'incomplete: not ranked' : '—', '—', '—', '—'];
      out.write(
        [
          c.city,
          c.respondents ?? '—',
          fmt(c.index.score, c.index.suppressed),
          ...c.dimensions.map((d) => fmt(d.score, d.suppressed)),
          ...ranks,
        ].join('\t') + '\n',
      );
    }
    if (json.rankStability) {
      const m = json.rankStability;
      out.write(
        `Intervals: ${m.draws} bootstrap draws (respondents resampled within each city, dimension weights drawn), seed ${m.seed}, ${m.aggregation} aggregation.\n`,
      );
    }
    if (json.previousWave !== null)
      out.write(`Trends against wave ${json.previousWave}: use --json (trend per city and dimension).\n`);
    const alpha = (v: number | null, suppressed: boolean) =>
      v === null ? (suppressed ? 'suppressed' : '—') : v.toFixed(2);
    out.write(
      `Cronbach's alpha, pooled / within cities: ${json.reliability.map((r) => `${r.key} ${alpha(r.alpha, r.suppressed)} / ${alpha(r.alphaWithinCities, r.suppressed)} (n ${r.n})`).join(', ')}\n`,
    );
  });
}
