import type { Command } from 'commander';
import { DEFAULT_PEERS } from '../../domain/peer-groups.js';
import { gapsJson } from '../../services/gaps-json.js';
import { loadDashboardWave } from '../../services/dashboard-data.js';
import { addGlobalOptions, fmt, parseWaveOption, printJson, withStore, type GlobalOptions } from '../cli-context.js';

interface GapsOptions extends GlobalOptions {
  readonly city: string;
  readonly wave?: string;
  readonly instrument?: string;
  readonly segment?: string;
  readonly peers: string;
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
      .option('--peers <group>', 'largest:N, country:XX, all, group:<saved name>, or a list "Berlin,Paris,Wien"', DEFAULT_PEERS),
  ).action(async (options: GapsOptions) => {
    const json = await withStore(options, async (store) => {
      const { ws } = await loadDashboardWave(store.db, parseWaveOption(options.wave, true)!, options.instrument, options.segment);
      return gapsJson(ws, options.city, options.peers);
    });
    if (options.json) return printJson(json);
    const out = process.stdout;
    out.write(`${json.city}, wave ${json.wave}${json.segment ? `, segment ${json.segment}` : ''}${json.synthetic ? ' (SYNTHETIC demo data)' : ''}; peers (${json.peerGroup}): ${json.peers.join(', ') || 'none'}\n`);
    out.write(['dimension', 'score', 'target', 'to target', 'peer mean', 'to peers', '95 % interval', 'peers', 'vs peers', 'leader', 'to leader', 'rank', 'trend'].join('\t') + '\n');
    for (const d of json.dimensions) {
      const interval = d.gapToPeersCiLow === null ? '—' : `${fmt(d.gapToPeersCiLow)} – ${fmt(d.gapToPeersCiHigh)}`;
      const clear = d.significant === null ? 'not testable' : d.significant ? 'clear difference' : 'no clear difference';
      out.write(
        [d.key, fmt(d.score, d.suppressed), d.target, fmt(d.gapToTarget), fmt(d.peerMean), fmt(d.gapToPeers), interval, d.peersCounted, clear,
          d.leader ?? '—', fmt(d.gapToLeader), d.rank ?? '—',
          d.trend === null ? '—' : `${d.trend >= 0 ? '+' : ''}${d.trend.toFixed(1)}${d.trendSignificant ? ' *' : ''}`].join('\t') + '\n',
      );
    }
    out.write('Clear difference = p < 0.05 after Holm\'s correction over the dimensions; * = a clear change since the previous wave. Use --json for p-values and every interval.\n');
  });
}
