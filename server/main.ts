/**
 * The hub's commands alone, run with tsx (tests start hub processes with it; the packaged app
 * reaches the same commands as `pos-station hub …`).
 */
import { Command } from 'commander';
import { runProgram } from '../electron/cli/run-program';
import { registerHubCommands } from './cli';

const program = new Command('pos-station').option('--data-dir <dir>', 'the station data directory');
program.exitOverride();
registerHubCommands(program);
runProgram(program);
