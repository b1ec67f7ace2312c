import type { Command } from 'commander';
import { listApiTokens } from '../../db/repositories/api-tokens.js';
import { DomainError } from '../../domain/domain-error.js';
import { issueApiToken, revokeToken } from '../../services/user-admin.js';
import { cliActor } from '../cli-actor.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';

/** `maturity token create|list|revoke`: API tokens, sent as `Authorization: Bearer …`. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('manage API tokens (Authorization: Bearer …)');

  addGlobalOptions(
    token
      .command('create <user>')
      .description("create an API token acting as <user> (with that user's role); printed once")
      .option('--label <text>', 'what the token is for', 'api'),
  ).action(async (name: string, options: GlobalOptions & { label: string }) => {
    const created = await withStore(options, (store) =>
      issueApiToken(store.db, { userName: name, label: options.label, now: new Date() }, { actor: cliActor() }),
    );
    if (options.json) printJson(created);
    else {
      process.stdout.write(
        `API token #${created.id} for ${created.user} (${created.role}); shown only now, store it safely:\n${created.token}\n`,
      );
      process.stdout.write(
        `Use it as:  curl -H "Authorization: Bearer ${created.token.slice(0, 8)}…" http://localhost:3000/api/v1/waves\n`,
      );
    }
  });

  addGlobalOptions(token.command('list').description('list API tokens (never their text)')).action(
    async (options: GlobalOptions) => {
      const tokens = await withStore(options, (store) => listApiTokens(store.db));
      if (options.json) return printJson(tokens);
      for (const t of tokens) {
        process.stdout.write(
          `${String(t.id).padStart(4)}  ${t.user.padEnd(20)} ${t.label.padEnd(16)} ${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\n`,
        );
      }
    },
  );

  addGlobalOptions(token.command('revoke <id>').description('revoke an API token by its number')).action(
    async (id: string, options: GlobalOptions) => {
      if (!/^\d+$/.test(id))
        throw new DomainError('token-id-invalid', `"${id}" is not a token number: see "maturity token list".`);
      const revoked = await withStore(options, (store) =>
        revokeToken(store.db, { tokenId: Number(id), now: new Date() }, { actor: cliActor() }),
      );
      if (options.json) printJson(revoked);
      else process.stdout.write(`Revoked API token #${revoked.id} of ${revoked.user}.\n`);
    },
  );
}
