import { CommanderError, type Command } from 'commander';

/**
 * Runs a `pos-station` program on argv with the exit codes every entry shares (the packaged CLI,
 * the hub alone, the test entries): 2 for a usage error, 1 for an error no command handled, each
 * command's own code otherwise.
 */
export function runProgram(program: Command, argv: readonly string[] = process.argv): void {
  program.parseAsync(argv).catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`pos-station: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
