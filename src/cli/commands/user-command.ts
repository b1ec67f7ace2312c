import type { Command } from 'commander';
import { checkPasswordStrength } from '../../auth/password.js';
import { parseRole } from '../../auth/role.js';
import { listUsers } from '../../db/repositories/users.js';
import { addUserWithPassword, changeUser, userByName } from '../../services/user-admin.js';
import { cliActor } from '../cli-actor.js';
import { addGlobalOptions, printJson, withStore, type GlobalOptions } from '../cli-context.js';
import { readNewPassword } from '../read-password.js';

/** `maturity user add|list|disable`: accounts of the web app. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('manage the users of the web app');

  addGlobalOptions(
    user
      .command('add <name>')
      .description('add a user (password from MATURITY_PASSWORD, or asked for)')
      .requiredOption('--role <role>', 'admin, analyst or viewer'),
  ).action(async (name: string, options: GlobalOptions & { role: string }) => {
    const role = parseRole(options.role);
    const password = await readNewPassword();
    checkPasswordStrength(password);
    const created = await withStore(options, (store) =>
      addUserWithPassword(store.db, { name, role, password, now: new Date() }, { actor: cliActor() }),
    );
    if (options.json) printJson({ id: created.id, name: created.name, role: created.role });
    else process.stdout.write(`Added user ${created.name} (${created.role}).\n`);
  });

  addGlobalOptions(user.command('list').description('list users')).action(async (options: GlobalOptions) => {
    const users = await withStore(options, (store) => listUsers(store.db));
    if (options.json) {
      printJson(
        users.map((u) => ({
          id: u.id,
          name: u.name,
          role: u.role,
          disabled: u.disabledAt !== null,
          createdAt: u.createdAt,
        })),
      );
      return;
    }
    for (const u of users)
      process.stdout.write(
        `${String(u.id).padStart(4)}  ${u.name.padEnd(24)} ${u.role.padEnd(8)} ${u.disabledAt ? 'disabled' : 'active'}\n`,
      );
  });

  addGlobalOptions(user.command('disable <name>').description('disable a user: ends their sessions and tokens')).action(
    async (name: string, options: GlobalOptions) => {
      await withStore(options, async (store) => {
        const user = await userByName(store.db, name);
        await changeUser(store.db, { userId: user.id, change: 'disable', now: new Date() }, { actor: cliActor() });
      });
      process.stdout.write(`Disabled user ${name}.\n`);
    },
  );
}
