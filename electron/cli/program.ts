import { Command } from 'commander';
import { registerServeCommand } from './serve';

/** The `pos-station` command: the same services as the app, for scripts and batch lines. */
export function buildProgram(version: string): Command {
  const program = new Command('pos-station')
    .description('POS Station — provisioning, KYC review, support and fees, from the command line')
    .version(version)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  program.exitOverride();
  registerServeCommand(program, version);
  return program;
}
