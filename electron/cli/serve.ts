import type { Command } from 'commander';
import { request } from 'node:http';
import { readHostLinkFile, type HostLinkFile } from '../host/link-file';
import { LINK_TTL_MS } from '../host/server';
import { processIo, type CliIo } from './cli-io';
import { resolveDataDir } from '../services/station/data-dir';
import { runHostedStation } from '../host/run';
import { clockStartingAt } from '../services/audit/clock';
import { parseBaud, parseInstant, parsePort } from './options';

export function registerServeCommand(program: Command, version: string): void {
  registerLinkCommand(program);
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
    .option(
      '--baud <n>',
      'the line speed serial terminals power on at (this run; default: the one stored in Settings, 115200)',
      parseBaud('--baud'),
    )
    .option(
      '--link-baud <n>',
      'the line speed to propose in HELLO, 0 = keep the power-on speed (this run; default: Settings, 0)',
      parseBaud('--link-baud', { keep: true }),
    )
    .action(
      async (
        opts: {
          port: number;
          dataDir?: string;
          demo: boolean;
          demoDate?: number;
          baud?: number;
          linkBaud?: number;
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
          line: {
            ...(opts.baud !== undefined ? { powerOnBaud: opts.baud } : {}),
            ...(opts.linkBaud !== undefined ? { proposeBaud: opts.linkBaud } : {}),
          },
          version,
          print: (line) => process.stdout.write(line + '\n'),
        });
      },
    );
}

/** Asks the running station (found through its 0600 host.json) for a fresh one-time link. */
function requestLink(link: HostLinkFile): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: link.port,
        path: '/api/link',
        method: 'POST',
        headers: { Authorization: `Bearer ${link.secret}`, Host: `127.0.0.1:${link.port}` },
        timeout: 10_000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`the station refused: ${body.trim()}`));
          try {
            resolve((JSON.parse(body) as { url: string }).url);
          } catch {
            reject(new Error('the station answered something else than a link'));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the station did not answer within 10 s')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ECONNREFUSED'
          ? new Error(
              `no station is listening on port ${link.port} any more (start it with 'pos-station serve')`,
            )
          : error,
      ),
    );
    req.end();
  });
}

/**
 * `pos-station link`: a fresh one-time link for the running browser-hosted station, e.g. after its
 * tab was closed, without restarting it. Only the OS user running the station can read the file
 * that lets this command ask for one.
 */
export function registerLinkCommand(program: Command, io: CliIo = processIo): void {
  program
    .command('link')
    .description('Print a fresh one-time link to the running browser-hosted station (same OS user only)')
    .option('--data-dir <dir>', 'the data directory of the running station')
    .action(async (opts: { dataDir?: string }, command: Command) => {
      const global = command.optsWithGlobals<{ dataDir?: string }>();
      const dataDir = resolveDataDir(opts.dataDir ?? global.dataDir);
      const link = readHostLinkFile(dataDir);
      if (typeof link === 'string') {
        io.err(`${link}\n`);
        io.setExitCode(1);
        return;
      }
      try {
        const url = await requestLink(link);
        io.out(`Open (one time, within ${LINK_TTL_MS / 60_000} minutes): ${url}\n`);
      } catch (error) {
        io.err(`No link: ${error instanceof Error ? error.message : String(error)}.\n`);
        io.setExitCode(1);
      }
    });
}
