import { userInfo } from 'node:os';

/** Who a CLI change is recorded as (audit, evidence): the operating-system user running the command. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): still recognisably the CLI.
    return 'cli:unknown';
  }
}
