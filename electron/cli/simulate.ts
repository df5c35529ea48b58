import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDeviceMode } from '../../native/attestation/device-mode';
import type { DeviceMode } from '../../native/protocol/enums';
import { COMPONENTS } from '../../native/protocol/enums';
import { prepareFleet, unitArgs, type Fleet } from '../../native/simulator/fleet';
import { launchSimulator, type SimulatorProcess } from '../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../native/simulator/pty-pair';
import { DEMO_TERMINAL_MODEL } from '../services/devices/demo/demo-terminals';
import { firmwareDir } from '../services/devices/pipeline/firmware-catalog';
import { resolveDataDir } from '../services/station/data-dir';
import { resourcesDir } from '../services/station/resources-dir';
import { processIo, type CliIo } from './cli-io';

export interface SimulateOptions {
  readonly count: number;
  readonly mode: DeviceMode;
  readonly model: string;
  readonly baud: number;
  /** Where the batch, the demo CA and the units' flash live; the demo CA is shared with `--demo`. */
  readonly dir: string;
  /** Extra firmware signer public keys the units trust (the shipped demo signer when present). */
  readonly firmwareKeys: readonly string[];
  /** Fault flags passed to every simulator as they are (see native/simulator/options.ts). */
  readonly faultArgs: readonly string[];
  readonly json: boolean;
}

export interface SimulatedTerminal {
  readonly serial: string;
  /** The station's end of the pseudo-terminal: open this one. */
  readonly port: string;
  readonly mode: DeviceMode;
  readonly pid: number | undefined;
}

export interface SimulateReport {
  readonly batch: string;
  readonly manifest: string;
  readonly manifestCsv: string;
  readonly caRoot: string;
  /** Demo firmware signer (private, demo only: signs images these units accept) and its public key. */
  readonly firmwareSignerKey: string;
  readonly firmwarePublicKey: string;
  readonly terminals: readonly SimulatedTerminal[];
}

const MAX_COUNT = 64;

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT)
    throw new InvalidArgumentError(`--count must be 1–${MAX_COUNT}.`);
  return n;
}

function parseBaud(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new InvalidArgumentError('--baud must be a whole number (0 = unthrottled).');
  return n;
}

function parseRate(flag: string) {
  return (value: string): string => {
    const p = Number(value);
    if (!Number.isFinite(p) || p < 0 || p > 1)
      throw new InvalidArgumentError(`${flag} must be a probability 0–1.`);
    return value;
  };
}

function parseWhole(flag: string) {
  return (value: string): string => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a whole number.`);
    return value;
  };
}

function parseComponents(value: string): string {
  for (const c of value.split(',')) {
    if (!(COMPONENTS as readonly string[]).includes(c.trim())) {
      throw new InvalidArgumentError(`--fail-selftest: "${c}" is not one of ${COMPONENTS.join(', ')}.`);
    }
  }
  return value;
}

/** Fault flags of `simulate` that go to every simulator unchanged. */
const FAULT_FLAGS = [
  ['--drop-rate <p>', 'lose each byte on the wire with probability p', parseRate('--drop-rate')],
  ['--corrupt-rate <p>', 'corrupt each byte on the wire with probability p', parseRate('--corrupt-rate')],
  ['--stall-ms <n>', 'the unit stops reading for n ms once, after 64 KiB', parseWhole('--stall-ms')],
  [
    '--disconnect-after-bytes <n>',
    'the unit drops off the link after receiving n bytes',
    parseWhole('--disconnect-after-bytes'),
  ],
  ['--refuse-block <k>', 'the unit refuses to write firmware block k', parseWhole('--refuse-block')],
  ['--fail-selftest <list>', 'comma-separated components whose self-test fails', parseComponents],
] as const;

/**
 * Starts the terminals and keeps them until `stop` resolves; then kills every simulator and closes
 * every pseudo-terminal. Prints the ports and the manifest path (one JSON object with --json).
 */
export async function runSimulate(
  options: SimulateOptions,
  io: CliIo,
  stop: Promise<void>,
): Promise<SimulateReport> {
  const fleet: Fleet = await prepareFleet({
    dir: options.dir,
    count: options.count,
    mode: options.mode,
    model: options.model,
  });
  const started: { pty: PtyPair; sim?: SimulatorProcess; serial: string }[] = [];
  let stopping = false;
  const cleanUp = async () => {
    await Promise.all(
      started.map(async (s) => {
        await s.sim?.kill('SIGTERM');
        await s.pty.close();
      }),
    );
  };
  try {
    for (const unit of fleet.units) {
      const entry: { pty: PtyPair; sim?: SimulatorProcess; serial: string } = {
        pty: await openPtyPair(),
        serial: unit.serial,
      };
      started.push(entry);
      entry.sim = await launchSimulator([
        ...unitArgs(fleet, unit),
        ...options.firmwareKeys.flatMap((k) => ['--firmware-key', k]),
        '--baud',
        String(options.baud),
        ...options.faultArgs,
        '--port',
        entry.pty.devicePath,
      ]);
      const sim = entry.sim;
      void sim.exited.then((code) => {
        if (!stopping) io.err(`simulated terminal ${unit.serial} stopped (${code})\n`);
      });
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const report: SimulateReport = {
    batch: fleet.batch,
    manifest: fleet.manifestJsonFile,
    manifestCsv: fleet.manifestCsvFile,
    caRoot: fleet.caRootFile,
    firmwareSignerKey: fleet.firmwareKeyFile,
    firmwarePublicKey: fleet.firmwarePublicKeyFile,
    terminals: started.map((s) => ({
      serial: s.serial,
      port: s.pty.stationPath,
      mode: options.mode,
      pid: s.sim?.child.pid,
    })),
  };
  if (options.json) {
    io.out(`${JSON.stringify(report)}\n`);
  } else {
    for (const t of report.terminals) io.out(`${t.serial}  ${t.port}  ${t.mode}\n`);
    io.out(`manifest: ${report.manifest}\n`);
    io.out(`CA root (trusted in demo mode only): ${report.caRoot}\n`);
    io.out(
      `${report.terminals.length} simulated terminal(s) running at ${options.baud || 'unthrottled'} baud; Ctrl-C stops them.\n`,
    );
  }
  await stop;
  stopping = true;
  await cleanUp();
  return report;
}

/** `pos-station simulate`: simulated terminals on pseudo-terminals until SIGINT/SIGTERM. */
export function registerSimulateCommands(program: Command, io: CliIo = processIo): void {
  const command = program
    .command('simulate')
    .description('start simulated terminals on pseudo-terminals and keep them running until stopped')
    .option('--count <n>', 'number of terminals', parseCount, 1)
    .addOption(
      new Option('--mode <mode>', 'what the units are built as')
        .choices(['production', 'test-unit', 'sample-unit'])
        .default('production'),
    )
    .option('--model <model>', 'model code of the units', DEMO_TERMINAL_MODEL)
    .option('--baud <n>', 'simulated line speed, 8N1 (0 = unthrottled)', parseBaud, 115200)
    .option('--dir <dir>', 'where the batch lives (default: <data dir>/demo, sharing the demo CA)');
  for (const [flags, description, parse] of FAULT_FLAGS) command.option(flags, description, parse);
  command
    .option('--json', 'one JSON object: ports, manifest path, CA root')
    .action(async (raw: Record<string, unknown>) => {
      const dataDir = resolveDataDir(program.opts<{ dataDir?: string }>().dataDir);
      const faultArgs = FAULT_FLAGS.flatMap(([flags]) => {
        const name = flags.split(' ')[0]!;
        const key = name.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
        const value = raw[key];
        return typeof value === 'string' ? [name, value] : [];
      });
      let shippedSigner: string | undefined;
      try {
        shippedSigner = join(firmwareDir(resourcesDir()), 'keys', 'demo-signer.pub.pem');
      } catch {
        shippedSigner = undefined;
      }
      const stop = new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await runSimulate(
        {
          count: raw.count as number,
          mode: parseDeviceMode(raw.mode as string),
          model: raw.model as string,
          baud: raw.baud as number,
          dir: typeof raw.dir === 'string' ? raw.dir : join(dataDir, 'demo'),
          firmwareKeys: shippedSigner && existsSync(shippedSigner) ? [shippedSigner] : [],
          faultArgs,
          json: raw.json === true,
        },
        io,
        stop,
      );
    });
}
