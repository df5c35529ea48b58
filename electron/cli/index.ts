import { CommanderError } from 'commander';
import { version } from '../../package.json';
import { buildProgram } from './program';

buildProgram(version)
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`pos-station: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
