/**
 * Test entry: a `pos-station` program with only the hub and sync commands registered (as
 * electron/cli/program.ts registers them), run on argv in a child process; the full program would
 * load every service for each of the dozen processes this test starts. Exit codes as
 * bin/pos-station: 2 for usage, 1 for errors.
 */
import { Command } from 'commander';
import { runProgram } from '../../../electron/cli/run-program';
import { registerSyncCommands } from '../../../electron/cli/sync';
import { registerHubCommands } from '../../../server/cli';
import type { OpenStore } from '../../../electron/cli/store-handle';
import { databaseFile, resolveDataDir } from '../../../electron/services/station/data-dir';
import { openDatabase } from '../../../electron/store/database';

const program = new Command('pos-station')
  .version('0.0.0-test')
  .option('--data-dir <dir>', 'station data directory');
program.exitOverride();
const openStore: OpenStore = () => {
  const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
  const db = openDatabase({ file: databaseFile(dataDir) });
  return { db, dataDir, close: () => db.close() };
};
registerSyncCommands(program, openStore);
registerHubCommands(program);
runProgram(program);
