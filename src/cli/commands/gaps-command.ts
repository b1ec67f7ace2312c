import type { Command } from 'commander';
import { DomainError } from '../../domain/domain-error.js';
import { DEFAULT_PEERS, parsePeers } from '../../domain/peer-groups.js';
import { gapsJson } from '../../services/gaps-json.js';
import { loadDashboardWave } from '../../services/dashboard-data.js';
import { addGlobalOptions, fmt, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface GapsOptions extends GlobalOptions {
  readonly city: string;
  readonly wave?: string;
  readonly instrument?: string;
  readonly segment?: string;
  readonly peers: string;
  readonly lang: string;
}

export function registerGaps(program: Command): void {
  addGlobalOptions(
    program
      .command('gaps')
      .description("a city's gaps to target, peers and leader per dimension")
      .requiredOption('--city <name>', 'the focus city (name, alias or slug)')
      .requiredOption('--wave <year>', 'the survey wave')
      .option('--instrument <id>', 'the instrument (needed only when the wave holds several)')
      .option('--segment <column:value>', 'the figures of one segment, e.g. role:it (suppressed as on the pages)')
      .option(
        '--peers <group>',
        'largest:N, country:XX, all, group:<saved name>, or a list "Berlin,Paris,Wien"',
        DEFAULT_PEERS,
      )
      .option('--lang <lang>', 'language of the verdict and next steps: en or nl', 'en'),
  ).action(async (options: GapsOptions) => {
    if (options.lang !== 'en' && options.lang !== 'nl')
      throw new DomainError('lang-invalid', `--lang "${options.lang}" is not en or nl.`);
    const lang = options.lang;
    const json = await withStore(options, async (store) => {
      const peers = parsePeers(options.peers);
      const { ws } = await loadDashboardWave(
        store.db,
        parseWaveOption(options.wave, true)!,
        options.instrument,
        options.segment,
      );
      return gapsJson(ws, options.city, peers, lang);
    });
    if (options.json) return printJson(json);
    const out = process.stdout;
    out.write(
      `${json.city}, wave ${json.wave}${json.segment ? `, segment ${json.segment}` : ''}${json.synthetic ? ' (SYNTHETIC demo data)' : ''}; peers (${json.peerGroup}): ${json.peers.join(', ') || 'none'}\n\n`,
    );
    out.write(`${json.verdict}\n\n`);
    out.write(
      [
        'dimension',
        'score',
        'target',
        'to target',
        'peer mean',
        'to peers',
        '95 % interval',
        'peers',
        'vs peers',
        'leader',
        'to leader',
        'rank',
        'trend',
      ].join('\t') + '\n',
    );
    for (const d of json.dimensions) {
      const interval = d.gapToPeersCiLow === null ? '—' : `${fmt(d.gapToPeersCiLow)} – ${fmt(d.gapToPeersCiHigh)}`;
      const clear =
        d.significant === null ? 'not testable' : d.significant ? 'clear difference' : 'no clear difference';
      out.write(
        [
          d.key,
          fmt(d.score, d.suppressed),
          d.target,
          fmt(d.gapToTarget),
          fmt(d.peerMean),
          fmt(d.gapToPeers),
          interval,
          d.peersCounted,
          clear,
          d.leader ?? '—',
          fmt(d.gapToLeader),
          d.rank ?? '—',
          d.trend === null ? '—' : `${d.trend >= 0 ? '+' : ''}${d.trend.toFixed(1)}${d.trendSignificant ? ' *' : ''}`,
        ].join('\t') + '\n',
      );
    }
    out.write(
      "Clear difference = p < 0.05 after Holm's correction over the dimensions; * = a clear change since the previous wave. Use --json for p-values and every interval.\n",
    );
    if (json.priorities.length > 0)
      out.write(`\n${lang === 'nl' ? 'Prioriteiten en volgende stappen' : 'Priorities and next steps'}\n`);
    json.priorities.forEach((key, i) => {
      const d = json.dimensions.find((x) => x.key === key)!;
      const next =
        d.nextLevel === null
          ? ''
          : ` → ${lang === 'nl' ? 'niveau' : 'level'} ${d.nextLevel} (${fmt(d.pointsToNextLevel)} ${lang === 'nl' ? 'punten' : 'points'})`;
      out.write(`${i + 1}. ${key}: ${lang === 'nl' ? 'niveau' : 'level'} ${d.level ?? '—'}${next}\n`);
      for (const step of d.nextSteps) out.write(`   - [${step.stage}, ${step.layer}] ${step.text}\n`);
    });
  });
}
