/**
 * Test entry: a `pos-station` program with only the support and sync commands (as
 * electron/cli/program.ts registers them, on the same store), run on argv in a child process the
 * test can kill. Exit codes as bin/pos-station: 2 for usage, 1 for errors.
 */
import { Command } from 'commander';
import { cliRoleOption } from '../../../electron/cli/cli-actor';
import { runProgram } from '../../../electron/cli/run-program';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { registerSupportCommands } from '../../../electron/cli/support';
import { registerSyncCommands } from '../../../electron/cli/sync';
import { databaseFile } from '../../../electron/services/station/data-dir';
import { openDatabase } from '../../../electron/store/database';

const program = new Command('pos-station')
  .version('0.0.0-test')
  .option('--data-dir <dir>', 'station data directory')
  .addOption(cliRoleOption());
program.exitOverride();
const openStore: OpenStore = () => {
  const dataDir = program.opts<{ dataDir: string }>().dataDir;
  const db = openDatabase({ file: databaseFile(dataDir) });
  return { db, dataDir, close: () => db.close() };
};
registerSupportCommands(program, openStore);
registerSyncCommands(program, openStore);
runProgram(program);
