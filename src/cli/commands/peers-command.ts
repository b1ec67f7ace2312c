import type { Command } from 'commander';
import { deletePeerGroup, listPeerGroups, savePeerGroup } from '../../db/repositories/peer-groups.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';

/** `maturity peers save|list|delete`: saved, named peer groups, used as `--peers group:<name>`. */
export function registerPeers(program: Command): void {
  const peers = program.command('peers').description('saved peer groups, used as --peers group:<name>');
  addGlobalOptions(
    peers
      .command('save <name> <spec>')
      .description('save a peer group under a name: largest:N, country:XX, all, or a list "Berlin,Paris,Wien"'),
  ).action(async (name: string, spec: string, options: GlobalOptions) => {
    const saved = await withStore(options, (store) => savePeerGroup(store.db, name, spec, new Date().toISOString()));
    if (options.json) return printJson(saved);
    process.stdout.write(`Saved peer group "${saved.name}" = ${saved.spec}; use it as --peers group:${saved.name}\n`);
  });
  addGlobalOptions(peers.command('list').description('list saved peer groups')).action(
    async (options: GlobalOptions) => {
      const groups = await withStore(options, (store) => listPeerGroups(store.db));
      if (options.json) return printJson(groups);
      if (groups.length === 0)
        process.stdout.write('No saved peer groups. Save one with: maturity peers save <name> <spec>\n');
      for (const g of groups) process.stdout.write(`group:${g.name}\t${g.spec}\n`);
    },
  );
  addGlobalOptions(peers.command('delete <name>').description('delete a saved peer group')).action(
    async (name: string, options: GlobalOptions) => {
      await withStore(options, (store) => deletePeerGroup(store.db, name));
      if (!options.json) process.stdout.write(`Deleted peer group "${name}".\n`);
    },
  );
}
