import type { Command } from 'commander';
import { resolveDataDir } from '../services/station/data-dir';
import { runHostedStation } from '../host/run';
import { parsePort } from './options';

export function registerServeCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('Start the browser-hosted station on 127.0.0.1 and print its one-time link')
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .option('--demo', 'demo mode: demo data, simulated terminals, the test manufacturer CA', false)
    .option('--data-dir <dir>', 'where the station keeps its data')
    .action(async (opts: { port: number; dataDir?: string; demo: boolean }, command: Command) => {
      const global = command.optsWithGlobals<{ dataDir?: string }>();
      await runHostedStation({
        dataDir: resolveDataDir(opts.dataDir ?? global.dataDir),
        port: opts.port,
        demo: opts.demo,
        version,
        print: (line) => process.stdout.write(line + '\n'),
      });
    });
}
