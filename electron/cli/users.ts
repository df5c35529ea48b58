import type { Command } from 'commander';
import type { Role } from '../contract/define';
import type { OperatorSummary } from '../contract/session';
import { createAccounts } from '../services/accounts/accounts';
import { createSessionHandlers } from '../services/accounts/handlers';
import { createAuditLog, ensureKeyedChain } from '../services/audit/audit-log';
import { systemClock } from '../services/audit/clock';
import type { Db } from '../store/database';
import { processIo, type CliIo } from './cli-io';
import { withStore, type OpenStore } from './store-handle';
import { cliGateFor } from './cli-gate';

function accountsOver(db: Db) {
  // Keys a store from before the keyed audit chain (audited, once) and notes the head it saw.
  ensureKeyedChain(db, systemClock);
  return createAccounts(db, createAuditLog(db, systemClock), systemClock);
}

/** The account calls through the contract's gate, as the CLI operator (`--as`, default admin). */
function usersGate(db: Db, command: Command, io: CliIo) {
  const h = createSessionHandlers(accountsOver(db));
  return cliGateFor(
    command,
    {
      'users.add': h['users.add'],
      'users.list': h['users.list'],
      'users.disable': h['users.disable'],
      'users.unlock': h['users.unlock'],
      'users.resetPassword': h['users.resetPassword'],
    },
    io,
  );
}

function statusOf(user: OperatorSummary): string {
  if (user.disabled) return 'disabled';
  if (user.lockedUntil) return `sign-in waits until ${user.lockedUntil.slice(11, 19)} (unlock clears it)`;
  return user.mustChangePassword ? 'must change password' : 'active';
}

function table(users: readonly OperatorSummary[]): string {
  const rows = [
    ['USERNAME', 'NAME', 'ROLE', 'STATUS'],
    ...users.map((u) => [u.username, u.displayName, u.role, statusOf(u)]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return (
    rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]! + 2) : cell)).join('')).join('\n') +
    '\n'
  );
}

/**
 * `pos-station users add|list|disable|unlock|reset-password`. Each is the window's `users.*` call
 * through the same gate: the CLI operator needs the admin role (the default: whoever can open the
 * store file is trusted with these, which is how a locked-out station gets its admin back), the
 * input passes the contract's schema, and every change is audited with actor 'cli:<os user>'.
 * One-time passwords are printed once and never stored.
 */
export function registerUsersCommands(program: Command, openStore: OpenStore, io: CliIo = processIo): void {
  const users = program.command('users').description('Operator accounts and roles');

  users
    .command('add')
    .description('Add an operator; prints a one-time password they must change at first sign-in')
    .requiredOption('--username <username>', 'sign-in name (letters, digits, . _ -)')
    .requiredOption('--name <name>', 'display name shown on every screen')
    .requiredOption(
      '--role <role>',
      'warehouse | reviewer | senior_reviewer | support | support_lead | admin',
    )
    .option('--json', 'print the result as JSON', false)
    .action((opts: { username: string; name: string; role: string; json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        const { user, oneTimePassword } = await usersGate(db, command, io).call('users.add', {
          username: opts.username,
          displayName: opts.name,
          // The contract's schema checks it and names the field when it is not a role.
          role: opts.role as Role,
        });
        if (opts.json) {
          io.out(`${JSON.stringify({ user, oneTimePassword })}\n`);
          return;
        }
        io.out(`Added ${user.username} (${user.displayName}, ${user.role}).\n`);
        io.out(`One-time password, shown only now: ${oneTimePassword ?? ''}\n`);
        io.out('They must change it at their first sign-in.\n');
      }),
    );

  users
    .command('list')
    .description('List operators with their role and status')
    .option('--json', 'print the result as JSON', false)
    .action((opts: { json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        const { users: all } = await usersGate(db, command, io).call('users.list', {});
        io.out(opts.json ? `${JSON.stringify(all)}\n` : table(all));
      }),
    );

  users
    .command('disable')
    .description('Disable an operator and end their sessions')
    .argument('<username>')
    .action((username: string, _opts: unknown, command: Command) =>
      withStore(openStore, async (db) => {
        const { user } = await usersGate(db, command, io).call('users.disable', { username });
        io.out(`Disabled ${user.username}.\n`);
      }),
    );

  users
    .command('unlock')
    .description('Clear the failed sign-ins that make an operator wait before the next try')
    .argument('<username>')
    .action((username: string, _opts: unknown, command: Command) =>
      withStore(openStore, async (db) => {
        const { user } = await usersGate(db, command, io).call('users.unlock', { username });
        io.out(`Unlocked ${user.username}: they can sign in again at once.\n`);
      }),
    );

  users
    .command('reset-password')
    .description('Give an operator a new one-time password (also clears a lockout)')
    .argument('<username>')
    .option('--json', 'print the result as JSON', false)
    .action((username: string, opts: { json: boolean }, command: Command) =>
      withStore(openStore, async (db) => {
        const { user, oneTimePassword } = await usersGate(db, command, io).call('users.resetPassword', {
          username,
        });
        if (opts.json) {
          io.out(`${JSON.stringify({ user, oneTimePassword })}\n`);
          return;
        }
        io.out(`New one-time password for ${user.username}, shown only now: ${oneTimePassword}\n`);
        io.out('They must change it at their next sign-in.\n');
      }),
    );
}
