import { Command } from 'commander';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerSupportCommands, type SupportCliDeps } from '../../../electron/cli/support';

/**
 * `pos-station [--role …] support …` run in this process over the store `openStore` opens: the
 * commands behind the CLI's role gate, a usage error thrown rather than exiting.
 */
export async function runSupportCli(
  openStore: OpenStore,
  deps: SupportCliDeps,
  args: readonly string[],
): Promise<void> {
  const program = new Command('pos-station').exitOverride();
  program.addOption(cliRoleOption());
  registerSupportCommands(program, openStore, deps);
  await program.parseAsync(['node', 'pos-station', ...args]);
}
