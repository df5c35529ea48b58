/**
 * The hub's commands alone, run with tsx (tests start hub processes with it; the packaged app
 * reaches the same commands as `pos-station hub …`).
 */
import { Command, CommanderError } from 'commander';
import { registerHubCommands } from './cli';

const program = new Command('pos-station').option('--data-dir <dir>', 'the station data directory');
program.exitOverride();
registerHubCommands(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`pos-station: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
