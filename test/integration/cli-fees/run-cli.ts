/**
 * Test entry for the fees commands: builds a program shaped like the real `pos-station` one
 * (version flag, exitOverride) with only the fees commands registered, and runs argv.
 * Used by cli-fees.test.ts through `npx tsx` in a child process.
 */
import { Command, CommanderError } from 'commander';
import { registerFeesCommands } from '../../../electron/cli/fees';

const program = new Command('pos-station').version('0.0.0-test').showHelpAfterError();
program.exitOverride();
registerFeesCommands(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`pos-station: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
