/**
 * Test entry: the real `pos-station` program (buildProgram), run on argv in a child process, so the
 * hub and sync commands are tested as registered. Exit codes as bin/pos-station: 2 for usage, 1 for
 * errors.
 */
import { CommanderError } from 'commander';
import { buildProgram } from '../../../electron/cli/program';

buildProgram('0.0.0-test')
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`pos-station: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
