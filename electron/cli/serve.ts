import type { Command } from 'commander';
import { resolveDataDir } from '../services/station/data-dir';
import { runHostedStation } from '../host/run';
import { clockStartingAt } from '../services/audit/clock';
import { parseBaud, parseInstant, parsePort } from './options';

export function registerServeCommand(program: Command, version: string): void {
  program
    .command('serve')
    .description('Start the browser-hosted station on 127.0.0.1 and print its one-time link')
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .option('--demo', 'demo mode: demo data, simulated terminals, the test manufacturer CA', false)
    .option('--data-dir <dir>', 'where the station keeps its data')
    .option(
      '--demo-date <time>',
      "demo mode only: the station's clock starts at this time and runs on (training on a chosen day)",
      parseInstant('--demo-date'),
    )
    .option('--baud <n>', 'the line speed serial terminals power on at', parseBaud('--baud'), 115200)
    .option(
      '--link-baud <n>',
      'the line speed to propose to each terminal in HELLO (0 = keep the power-on speed)',
      parseBaud('--link-baud', { keep: true }),
      0,
    )
    .action(
      async (
        opts: {
          port: number;
          dataDir?: string;
          demo: boolean;
          demoDate?: number;
          baud: number;
          linkBaud: number;
        },
        command: Command,
      ) => {
        const global = command.optsWithGlobals<{ dataDir?: string }>();
        if (opts.demoDate !== undefined && !opts.demo) command.error('--demo-date needs --demo.');
        await runHostedStation({
          dataDir: resolveDataDir(opts.dataDir ?? global.dataDir),
          port: opts.port,
          demo: opts.demo,
          ...(opts.demoDate !== undefined ? { clock: clockStartingAt(opts.demoDate) } : {}),
          line: { powerOnBaud: opts.baud, proposeBaud: opts.linkBaud },
          version,
          print: (line) => process.stdout.write(line + '\n'),
        });
      },
    );
}
