import { createPrivateKey, createPublicKey } from 'node:crypto';
import { registryPublicKeyFromPem } from '../attestation/unfreeze-token';
import { readFileSync } from 'node:fs';
import { loadDeviceIdentity, type DeviceIdentity } from '../attestation/device-identity';
import { parseDeviceMode } from '../attestation/device-mode';
import { pemBlocks } from '../attestation/pem';
import { SerialTransport } from '../transports/serial';
import { StreamTransport } from '../transports/stream';
import type { Transport } from '../transports/transport';
import { DeviceRuntime } from './device-runtime';
import { FlashStore } from './flash-store';
import { SIMULATOR_USAGE, parseSimulatorOptions, type SimulatorOptions } from './options';
import { Terminal } from './terminal';
import { simulatedIdentity } from './unit-identity';
import { applyUnitHistory } from './unit-history';

/** Exit code when fault injection takes the unit off the link (--disconnect-after-bytes). */
export const EXIT_DISCONNECTED = 3;

async function loadIdentity(o: SimulatorOptions): Promise<DeviceIdentity> {
  if (o.deviceDir) return loadDeviceIdentity(o.deviceDir);
  const chain = pemBlocks(readFileSync(o.chainFile!, 'utf8'), 'CERTIFICATE');
  if (chain.length === 0) throw new Error(`${o.chainFile}: no certificate.`);
  return {
    serial: o.serial!,
    model: o.model!,
    mode: parseDeviceMode(o.mode ?? 'production'),
    batch: '',
    privateKey: createPrivateKey(readFileSync(o.keyFile!, 'utf8')),
    certChainDer: chain,
  };
}

/** Status lines go to stderr as JSON, so stdout stays free for --stdio. */
function status(event: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify(event)}\n`);
}

async function main(): Promise<void> {
  let options: SimulatorOptions;
  try {
    options = parseSimulatorOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${SIMULATOR_USAGE}\n`);
    process.exit(2);
  }
  const device = await loadIdentity(options);
  const store = new FlashStore(options.stateDir, options.slotSize);
  const terminal = new Terminal({
    identity: simulatedIdentity(device, options.hwRevision),
    store,
    firmwareKeys: options.firmwareKeyFiles.map((f) => createPublicKey(readFileSync(f, 'utf8'))),
    registryKeys: options.registryKeyFiles.map((f) => registryPublicKeyFromPem(readFileSync(f, 'utf8'), f)),
    supportedBauds: options.supportedBauds,
    facts: options.facts,
    ...(options.writeBytesPerSec ? { writeBytesPerSec: options.writeBytesPerSec } : {}),
    faults: {
      ...(options.refuseBlock !== undefined ? { refuseBlock: options.refuseBlock } : {}),
      ...(options.refuseCount !== undefined ? { refuseCount: options.refuseCount } : {}),
      failSelftest: options.failSelftest,
    },
    breaks: new Set(options.breaks),
  });
  if (!store.exists()) {
    if (!options.factoryImage)
      throw new Error(`${options.stateDir} holds no unit yet: give --factory-image.`);
    terminal.installFactoryImage(
      new Uint8Array(readFileSync(options.factoryImage)),
      options.simActivated ?? '',
    );
    // A fresh unit given a past (trading, faults) gets it once; later starts keep what it holds.
    const h = options.history;
    if (h.tradeDays > 0 || h.logFill > 0 || h.rolledBack || options.tamper) {
      const state = store.loadState();
      applyUnitHistory(
        state,
        {
          ...h,
          failing: options.failSelftest,
          batteryFailing: (options.facts.batteryHealthPercent ?? 100) < 60,
          tampered: options.tamper,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
        },
        new Date(),
      );
      store.saveState(state);
    }
  }
  terminal.setFlags({
    tamper: options.tamper,
    ...(options.simActivated ? { simActivationDate: options.simActivated } : {}),
  });
  terminal.boot();

  const transport: Transport = options.port
    ? await SerialTransport.open({ path: options.port, baudRate: options.baud || 115200 })
    : new StreamTransport(process.stdin, process.stdout, 'stdio');
  let exitCode = 0;
  const runtime = new DeviceRuntime(terminal, transport, {
    baud: options.baud,
    faults: {
      dropRate: options.dropRate,
      corruptRate: options.corruptRate,
      stallMs: options.stallMs,
      stallAfterBytes: options.stallAfterBytes,
      ...(options.disconnectAfterBytes !== undefined
        ? { disconnectAfterBytes: options.disconnectAfterBytes }
        : {}),
    },
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    breaks: new Set(options.breaks),
    onDisconnect: () => {
      exitCode = EXIT_DISCONNECTED;
      status({ event: 'disconnected', serial: device.serial, bytesReceived: runtime.bytesReceived });
      void transport.close().finally(() => process.exit(exitCode));
    },
  });
  const state = terminal.snapshot;
  status({
    event: 'ready',
    serial: device.serial,
    model: device.model,
    mode: device.mode,
    port: transport.name,
    activeSlot: state.activeSlot,
    bootState: state.bootState,
    baud: options.baud,
  });
  const shutdown = () => {
    runtime.stop();
    void transport.close().finally(() => process.exit(exitCode));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  if (options.port && !process.stdin.isTTY) {
    // Started by a station with a pipe on stdin: when that process goes, so does the unit.
    process.stdin.on('end', shutdown);
    process.stdin.on('error', shutdown);
    process.stdin.resume();
  }
  transport.onClose(() => {
    if (options.stdio) process.exit(exitCode);
  });
}

main().catch((error: unknown) => {
  status({ event: 'error', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
