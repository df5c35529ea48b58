import { Command } from 'commander';
import { openDatabase } from '../store/database';
import { databaseFile, resolveDataDir } from '../services/station/data-dir';
import type { OpenStore } from './store-handle';
import { registerServeCommand } from './serve';
import { registerFeesCommands } from './fees';
import { registerUsersCommands } from './users';
import { registerAuditCommands } from './audit';
import { registerFirmwareCommands } from './firmware';
import { registerDevicesCommands } from './devices';
import { registerMakersCommands } from './makers';
import { registerKycGenerateCommand } from './kyc-generate';
import { registerKycCommands } from './kyc';
import { registerProvisionCommands } from './provision';
import { registerSimulateCommands } from './simulate';
import { registerSupportCommands } from './support';
import { registerSyncCommands } from './sync';
import { registerConformanceCommands } from './conformance';
import { registerHubCommands } from '../../server/cli';
import { cliRoleOption } from './cli-actor';

/** The `pos-station` command: the same services as the app, for scripts and batch lines. */
export function buildProgram(version: string): Command {
  const program = new Command('pos-station')
    .description('POS Station — provisioning, KYC review, support and fees, from the command line')
    .version(version)
    .option(
      '--data-dir <dir>',
      'the station data directory (default: $POS_STATION_DATA_DIR or the per-user folder)',
    )
    // Contract calls go through the window's gate as the CLI operator, in this role.
    .addOption(cliRoleOption())
    .configureOutput({ outputError: (text, write) => write(text) });
  program.exitOverride();

  const openStore: OpenStore = () => {
    const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
    const db = openDatabase({ file: databaseFile(dataDir) });
    return { db, dataDir, close: () => db.close() };
  };

  registerServeCommand(program, version);
  registerFeesCommands(program);
  registerUsersCommands(program, openStore);
  registerAuditCommands(program, openStore);
  registerFirmwareCommands(program);
  registerDevicesCommands(program, openStore);
  registerMakersCommands(program, openStore);
  registerKycCommands(program, openStore);
  registerKycGenerateCommand(program);
  registerProvisionCommands(program, openStore);
  registerSimulateCommands(program);
  registerSupportCommands(program, openStore);
  registerSyncCommands(program, openStore);
  registerConformanceCommands(program, version);
  registerHubCommands(program);
  return program;
}
