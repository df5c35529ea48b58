import type { Command } from 'commander';
import { resolveDataDir } from '../services/station/data-dir';
import { runHostedStation } from '../host/run';
import { parsePort } from './options';

export function registerServeCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('Start the browser-hosted station on 127.0.0.1 and print its one-time link')
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .option('--data-dir <dir>', 'where the station keeps its data')
    .option('--demo', 'demo mode: demo data, simulated terminals, the test manufacturer CA', false)
    .action(async (opts: { port: number; dataDir?: string; demo: boolean }) => {
      await runHostedStation({
        dataDir: resolveDataDir(opts.dataDir),
        port: opts.port,
        demo: opts.demo,
        version,
        print: (line) => process.stdout.write(line + '\n'),
      });
    });
}
