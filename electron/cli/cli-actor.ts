import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import type { Operator } from '../contract/context';
import { ROLES, type Role } from '../contract/define';

/** Who a CLI change is recorded as (audit, evidence): the operating-system user running the command. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): still recognisably the CLI.
    return 'cli:unknown';
  }
}

/**
 * The role the command line acts in. Whoever can open the store file can already do anything to
 * it (that is how a locked-out station gets its admin back), so the default is 'admin'; a script
 * that should only read the queue or import manifests runs with `--as reviewer` or `--as warehouse`
 * (or POS_STATION_ROLE), and the gate refuses it everything else, as it would a signed-in operator.
 */
export const CLI_ROLE_ENV = 'POS_STATION_ROLE';
const DEFAULT_CLI_ROLE: Role = 'admin';

export function cliRoleOption(): Option {
  return new Option(
    '--as <role>',
    `the role the command acts in (default ${DEFAULT_CLI_ROLE}, or $${CLI_ROLE_ENV})`,
  ).choices([...ROLES]);
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The operator a CLI call goes through the gate as: the OS user, named `cli:<user>` (no station
 * account can take that name: user names have no colon), in the role `--as` gives.
 */
export function cliOperator(command?: Command): Operator {
  const flag: unknown = command?.optsWithGlobals<{ as?: string }>().as;
  const fromEnv = process.env[CLI_ROLE_ENV];
  if (flag === undefined && fromEnv !== undefined && !isRole(fromEnv)) {
    throw new Error(`${CLI_ROLE_ENV} must be one of ${ROLES.join(', ')}.`);
  }
  const role: Role = isRole(flag) ? flag : isRole(fromEnv) ? fromEnv : DEFAULT_CLI_ROLE;
  const actor = cliActor();
  return { id: actor, username: actor, displayName: `Command line (${actor.slice(4)})`, role };
}
