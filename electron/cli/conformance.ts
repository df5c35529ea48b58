import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DeviceError } from '../../native/client/device-error';
import {
  CLAUSE_IDS,
  NoTerminalError,
  runConformance,
  type ClauseOutcome,
  type RunMaterial,
} from '../../native/conformance';
import { SerialTransport } from '../../native/transports/serial';
import { resolveDataDir } from '../services/station/data-dir';
import { processIo, type CliIo } from './cli-io';
import {
  loadOrCreateReportKey,
  reportKeyFile,
  signReport,
  unsignedReport,
  verifyReport,
} from './conformance-report';
import { readRunMaterial } from './conformance-material';
import { parseBaud } from './options';
import { PROVISION_EXIT } from './provision';

/** Exit codes of `pos-station conformance` (41/44 as the other device commands). */
export const CONFORMANCE_EXIT = {
  /** At least one clause failed. */
  clauseFailed: 50,
  transport: PROVISION_EXIT.transport,
  badInput: PROVISION_EXIT.badInput,
} as const;

interface ConformanceOptions {
  port?: string;
  baud: number;
  report?: string;
  only?: string;
  json: boolean;
  image?: string;
  signingKey?: string;
  registryKey?: string;
}

const MARK = { pass: '✓', fail: '✗', not_run: '–' } as const;

function tableRow(c: ClauseOutcome): string {
  const line = `${MARK[c.result]} ${c.section.padEnd(22)} ${c.id.padEnd(28)} ${c.title}`;
  return c.result === 'pass'
    ? line
    : `${line}\n      ${c.result === 'fail' ? 'FAIL' : 'not run'}: ${c.reason ?? ''}`;
}

/**
 * `conformance --port P`: a device-level tool like `flash` (it opens the port itself, no station
 * service is involved); `conformance verify FILE` checks a report's signature.
 */
export function registerConformanceCommands(program: Command, version: string, io: CliIo = processIo): void {
  const command = program
    .command('conformance')
    .description(
      'Run the terminal conformance clauses (docs/conformance.md) against the terminal on a port; a signed report',
    )
    .option('--port <path>', 'the serial port (or pseudo-terminal) the terminal is on')
    .option('--baud <n>', "the unit's line speed (default 115200)", parseBaud('--baud'), 115200)
    .option('--report <file>', 'write the signed JSON report here')
    .option('--only <ids>', 'run only these clause ids (comma-separated)')
    .option('--json', 'print the signed report on stdout instead of the table', false)
    .option(
      '--image <file>',
      'a signed image the terminal accepts (normally the one it runs): runs the firmware clauses; the terminal ends on it, confirmed',
    )
    .option(
      '--signing-key <file>',
      "the firmware signer's private key (PEM) the terminal trusts: makes an older image for firmware.anti-downgrade",
    )
    .option(
      '--registry-key <file>',
      "the registry's signing key (PEM) the terminal trusts: runs freeze.persistence (freeze, power cycle, unfreeze)",
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 every clause run passed, 50 a clause failed, 41 no terminal answered / port unusable, 44 no such port or a bad option.\n',
    )
    .action(async (opts: ConformanceOptions) => {
      if (!opts.port) {
        io.err('--port: required (the port the terminal is on)\n');
        io.setExitCode(CONFORMANCE_EXIT.badInput);
        return;
      }
      if (!existsSync(opts.port)) {
        const missing = new DeviceError('PORT_NOT_FOUND', opts.port);
        io.err(`${opts.port}: ${missing.code}\n  ${missing.en}\n`);
        io.setExitCode(CONFORMANCE_EXIT.badInput);
        return;
      }
      const only = opts.only?.split(',').map((s) => s.trim());
      const unknown = only?.filter((id) => !CLAUSE_IDS.includes(id)) ?? [];
      if (unknown.length > 0) {
        io.err(`--only: ${unknown.join(', ')} is not a clause id (docs/conformance.md)\n`);
        io.setExitCode(CONFORMANCE_EXIT.badInput);
        return;
      }
      let material: RunMaterial;
      try {
        material = readRunMaterial(opts);
      } catch (error) {
        io.err(`${(error as Error).message}\n`);
        io.setExitCode(CONFORMANCE_EXIT.badInput);
        return;
      }
      const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
      let transport;
      try {
        transport = await SerialTransport.open({ path: opts.port, baudRate: opts.baud });
      } catch (error) {
        if (!(error instanceof DeviceError)) throw error;
        io.err(`${opts.port}: ${error.code}\n  ${error.en}\n`);
        io.setExitCode(
          error.code === 'PORT_NOT_FOUND' ? CONFORMANCE_EXIT.badInput : CONFORMANCE_EXIT.transport,
        );
        return;
      }
      let run;
      try {
        run = await runConformance(transport, {
          ...(only ? { only } : {}),
          material,
          onClause: (c) => {
            if (!opts.json) io.out(`${tableRow(c)}\n`);
          },
        });
      } catch (error) {
        if (!(error instanceof NoTerminalError)) throw error;
        io.err(`${error.message}: no terminal answered on ${opts.port}.\n`);
        io.setExitCode(CONFORMANCE_EXIT.transport);
        return;
      } finally {
        await transport.close().catch(() => undefined);
      }
      const signed = signReport(
        unsignedReport(run, { stationVersion: version, port: opts.port }),
        loadOrCreateReportKey(reportKeyFile(dataDir)),
      );
      const text = `${JSON.stringify(signed, null, 2)}\n`;
      if (opts.report) writeFileSync(opts.report, text);
      const failed = run.clauses.filter((c) => c.result === 'fail').length;
      if (opts.json) io.out(text);
      else {
        const count = (r: string) => run.clauses.filter((c) => c.result === r).length;
        io.out(
          `\n${run.identity.model} ${run.identity.serial} firmware ${run.identity.firmwareVersion}: ` +
            `${count('pass')} passed, ${failed} failed, ${count('not_run')} not run${opts.report ? ` — report ${opts.report}` : ''}\n`,
        );
      }
      const { end } = run;
      const where = `slot ${end.activeSlot}, ${end.bootState}, firmware ${end.firmwareVersion}, security counter ${end.securityCounter}, ${end.frozen ? 'frozen' : 'not frozen'}`;
      if (end.asFound) {
        if (!opts.json) io.out(`left as found: ${where}\n`);
      } else io.err(`the terminal is not as it came: ${where}${end.problem ? ` — ${end.problem}` : ''}\n`);
      io.setExitCode(failed > 0 ? CONFORMANCE_EXIT.clauseFailed : 0);
    });

  command
    .command('verify')
    .description("Check a conformance report's signature (exit 0 valid, 1 not)")
    .argument('<file>', 'the report')
    .action((file: string) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        io.err(`${file}: ${(error as Error).message}\n`);
        io.setExitCode(1);
        return;
      }
      const check = verifyReport(text);
      if (check.ok) io.out(`${file}: signature valid (station key ${check.keyFingerprint})\n`);
      else io.err(`${file}: ${check.problem}\n`);
      io.setExitCode(check.ok ? 0 : 1);
    });
}
