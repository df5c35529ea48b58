/**
 * Flash throughput and convergence. Prints figures, not pass/fail.
 *
 * 1. Real-link bar: a UART-like link (createUartPair: 4 KiB buffers each way, the writer held back
 *    when full, 8N1 line time per byte) to a unit in this process that answers at once, with the other
 *    core kept busy by a spinning child process: RUNS consecutive flashes of a typical and of an
 *    incompressible image at 115,200 and 921,600 baud; failures, retransmissions, acknowledged offset
 *    moving back, time.
 * 2. Compression: one flash of a 512 KiB (115,200) and a 4 MiB (921,600) typical image, and of the
 *    same sizes of real machine code (a slice of this machine's node binary), on the same link: bytes
 *    on the wire against the whole payload compressed by zlib -9, and the share of the line rate.
 * 3. Baseline: the previous bench's links — simulator processes on socat pseudo-terminals, pacing at
 *    the baud rate but buffering without limit (--quick sizes), and with --parallel the 16-unit run.
 *
 *   npx tsx bench/flash/run.ts                  # about 15 minutes
 *   npx tsx bench/flash/run.ts --runs 5         # fewer consecutive flashes in part 1
 *   npx tsx bench/flash/run.ts --parallel       # also 16 units at once over ptys
 *
 * Effective throughput = payload bytes ÷ flash time (first manifest chunk to FW_DONE, all framing,
 * SLIP escapes, manifest, acks and retransmissions included) ÷ the line's payload rate (baud / 10:
 * 8N1 puts 10 bits on the line per byte). Above 100 % means compression carried more payload than
 * the line could raw.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { loadDeviceIdentity } from '../../native/attestation/device-identity';
import type { FlashResult } from '../../native/client/flash-transfer';
import { TerminalClient } from '../../native/client/terminal-client';
import { buildImage } from '../../native/firmware/build-image';
import { blockCount } from '../../native/firmware/image-format';
import { syntheticPayload, type PayloadKind } from '../../native/firmware/synthetic-payload';
import { encodeBlock } from '../../native/protocol/block-encoding';
import { startBusyCore } from '../../native/simulator/busy-core';
import { DeviceRuntime } from '../../native/simulator/device-runtime';
import { prepareFleet, unitArgs, type Fleet, type FleetUnit } from '../../native/simulator/fleet';
import { FlashStore } from '../../native/simulator/flash-store';
import { launchSimulator, type SimulatorProcess } from '../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../native/simulator/pty-pair';
import { Terminal } from '../../native/simulator/terminal';
import { simulatedIdentity } from '../../native/simulator/unit-identity';
import { SerialTransport } from '../../native/transports/serial';
import { createUartPair } from '../../native/transports/uart-link';

const KiB = 1024;
const MiB = 1 << 20;
const BLOCK = 4096;
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const RUNS = Number(argValue('--runs') ?? 20);
const withParallel = process.argv.includes('--parallel');

type ImageKind = PayloadKind | 'code';

/** Part 1: sizes chosen so that one flash takes 6–8 s at either speed. */
const BAR: { baud: number; size: number; kind: PayloadKind }[] = [
  { baud: 115_200, size: 128 * KiB, kind: 'typical' },
  { baud: 115_200, size: 64 * KiB, kind: 'incompressible' },
  { baud: 921_600, size: 1 * MiB, kind: 'typical' },
  { baud: 921_600, size: 512 * KiB, kind: 'incompressible' },
];
/** Part 2: the sizes of the figures (512 KiB at 115,200 takes 30 s; 4 MiB at 921,600 as long). */
const COMPRESSION: { baud: number; size: number; kind: ImageKind }[] = [
  { baud: 115_200, size: 512 * KiB, kind: 'typical' },
  { baud: 921_600, size: 4 * MiB, kind: 'typical' },
  { baud: 115_200, size: 512 * KiB, kind: 'code' },
  { baud: 921_600, size: 4 * MiB, kind: 'code' },
];
/** Part 3: the previous bench's single-unit plan at a quarter of its sizes. */
const BASELINE: { baud: number; size: number; kind: PayloadKind }[] = [
  { baud: 115_200, size: 128 * KiB, kind: 'incompressible' },
  { baud: 115_200, size: 128 * KiB, kind: 'typical' },
  { baud: 921_600, size: 1 * MiB, kind: 'incompressible' },
  { baud: 921_600, size: 1 * MiB, kind: 'typical' },
];
const PARALLEL = 16;
const PARALLEL_BAUD = 921_600;
const PARALLEL_SIZE = 1 * MiB;

interface Signer {
  readonly keyFile: string;
  readonly publicKey: ReturnType<typeof generateKeyPairSync>['publicKey'];
  image(payload: Uint8Array, version: string): Uint8Array;
}

function makeSigner(dir: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = join(dir, 'bench-signer.pub.pem');
  writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    keyFile,
    publicKey,
    image: (payload, version) =>
      buildImage({ payload, version, securityCounter: 2, model: 'SP-200' }, privateKey),
  };
}

/** Machine code: a slice of this machine's node binary, the same slice on every run. */
function codePayload(size: number): Uint8Array {
  const binary = readFileSync(process.execPath);
  const start = Math.min(8 * MiB, Math.max(0, binary.length - size));
  return new Uint8Array(binary.subarray(start, start + size));
}

function payloadOf(kind: ImageKind, size: number, seed: number): Uint8Array {
  return kind === 'code' ? codePayload(size) : syntheticPayload({ size, kind, seed });
}

// ---- a unit in this process behind a UART-like link ------------------------------------------

interface LinkUnit {
  readonly client: TerminalClient;
  close(): Promise<void>;
}

async function uartUnit(fleet: Fleet, unit: FleetUnit, signer: Signer, baud: number): Promise<LinkUnit> {
  const identity = simulatedIdentity(await loadDeviceIdentity(unit.deviceDir));
  const store = new FlashStore(unit.stateDir, 8 * MiB);
  const fleetKey = createPublicKey(readFileSync(fleet.firmwarePublicKeyFile, 'utf8'));
  const terminal = new Terminal({ identity, store, firmwareKeys: [signer.publicKey, fleetKey] });
  if (!store.exists()) terminal.installFactoryImage(new Uint8Array(readFileSync(fleet.factoryImageFile)));
  terminal.boot();
  const [stationEnd, deviceEnd] = createUartPair(unit.serial, { baud });
  // The link paces the bytes; the unit answers as soon as a frame is in.
  const runtime = new DeviceRuntime(terminal, deviceEnd, { baud: 0, lineBaud: baud });
  const client = new TerminalClient(stationEnd);
  await client.hello();
  return {
    client,
    close: async () => {
      runtime.stop();
      await client.close();
    },
  };
}

// ---- a simulator process on a pseudo-terminal (the previous bench's link) ---------------------

interface PtyUnit {
  readonly pty: PtyPair;
  readonly sim: SimulatorProcess;
  readonly client: TerminalClient;
}

async function ptyUnit(fleet: Fleet, unit: FleetUnit, signer: Signer, baud: number): Promise<PtyUnit> {
  const pty = await openPtyPair();
  const sim = await launchSimulator(
    [
      ...unitArgs(fleet, unit),
      '--firmware-key',
      signer.keyFile,
      '--baud',
      String(baud),
      '--port',
      pty.devicePath,
    ],
    60_000,
  );
  const client = new TerminalClient(await SerialTransport.open({ path: pty.stationPath }));
  await client.hello();
  return { pty, sim, client };
}

async function stopPtyUnit(u: PtyUnit): Promise<void> {
  await u.client.close().catch(() => undefined);
  await u.sim.kill('SIGKILL');
  await u.pty.close();
}

/** CPU seconds a process has used (user + system), from /proc; 0 where /proc is missing. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

const kib = (n: number) => `${(n / KiB).toFixed(0)} KiB`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ofLine = (size: number, ms: number, baud: number) => size / (ms / 1000) / (baud / 10);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Bytes of the encoded blocks the station sends (all of them on a fresh slot): the compressed part. */
function encodedBytes(payload: Uint8Array): number {
  let n = 0;
  for (let k = 0; k < blockCount(payload.length, BLOCK); k++)
    n += encodeBlock(payload, k, BLOCK, true).data.length;
  return n;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-flash-bench-'));
  const fleet = await prepareFleet({
    dir,
    count: BAR.length + COMPRESSION.length + BASELINE.length + (withParallel ? PARALLEL + 1 : 0),
  });
  const signer = makeSigner(dir);
  const units = [...fleet.units];
  const next = () => units.shift()!;
  console.log(
    `flash bench: node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, ${new Date().toISOString()}`,
  );

  const busy = startBusyCore();
  try {
    console.log(
      `\n1. ${RUNS} consecutive flashes per line: UART-like link (4 KiB buffers each way, writer held back, 8N1), unit answering at once, the other core busy`,
    );
    console.log(
      'baud     image           size      ok/runs  failed  retries  offset back  time min/median/max      of line (median)',
    );
    for (const [i, step] of BAR.entries()) {
      const unit = await uartUnit(fleet, next(), signer, step.baud);
      const times: number[] = [];
      let failed = 0;
      let retries = 0;
      let backwards = 0;
      const errors = new Set<string>();
      for (let run = 0; run < RUNS; run++) {
        const image = signer.image(payloadOf(step.kind, step.size, 1000 * (i + 1) + run), `2.0.${run}`);
        let last = 0;
        try {
          const r = await unit.client.flash(image, {
            onProgress: (p) => {
              if (p.bytesWritten < last) backwards++;
              last = p.bytesWritten;
            },
          });
          times.push(r.elapsedMs);
          retries += r.retries;
        } catch (error) {
          failed++;
          errors.add(String(error));
        }
      }
      await unit.close();
      const s = (ms: number) => (ms / 1000).toFixed(2);
      console.log(
        [
          String(step.baud).padEnd(8),
          step.kind.padEnd(15),
          kib(step.size).padEnd(9),
          `${times.length}/${RUNS}`.padEnd(8),
          String(failed).padEnd(7),
          String(retries).padEnd(8),
          String(backwards).padEnd(12),
          times.length
            ? `${s(Math.min(...times))} / ${s(median(times))} / ${s(Math.max(...times))} s`.padEnd(25)
            : '-'.padEnd(25),
          times.length ? pct(ofLine(step.size, median(times), step.baud)) : '-',
        ].join(' '),
      );
      for (const e of errors) console.log(`  failed: ${e}`);
    }

    console.log(
      '\n2. compression on the same link: bytes on the wire against the whole payload compressed by zlib -9',
    );
    console.log(
      'baud     image      size      time      of line   wire bytes  zlib -9 whole  blocks encoded (ratio)   framing+manifest  wire ÷ (zlib + framing)  retries',
    );
    for (const [i, step] of COMPRESSION.entries()) {
      const payload = payloadOf(step.kind, step.size, 200 + i);
      const image = signer.image(payload, '3.0.0');
      const zlib = deflateRawSync(payload, { level: 9 }).length;
      const encoded = encodedBytes(payload);
      const unit = await uartUnit(fleet, next(), signer, step.baud);
      let r: FlashResult;
      try {
        r = await unit.client.flash(image);
      } finally {
        await unit.close();
      }
      const framing = r.bytesOnWire - encoded;
      console.log(
        [
          String(step.baud).padEnd(8),
          step.kind.padEnd(10),
          kib(step.size).padEnd(9),
          `${(r.elapsedMs / 1000).toFixed(1)} s`.padEnd(9),
          pct(ofLine(step.size, r.elapsedMs, step.baud)).padEnd(9),
          String(r.bytesOnWire).padEnd(11),
          `${zlib} (${pct(step.size / zlib)})`.padEnd(14),
          `${encoded} (${(encoded / zlib).toFixed(4)})`.padEnd(24),
          String(framing).padEnd(17),
          (r.bytesOnWire / (zlib + framing)).toFixed(4).padEnd(24),
          String(r.retries),
        ].join(' '),
      );
    }
  } finally {
    await busy.stop();
  }

  console.log(
    '\n3. baseline: simulator processes on socat ptys, paced at the baud rate, buffering without limit (no busy core)',
  );
  console.log('baud     image           size      time      of line   wire bytes  retries');
  for (const [i, step] of BASELINE.entries()) {
    const unit = await ptyUnit(fleet, next(), signer, step.baud);
    const r = await unit.client.flash(signer.image(payloadOf(step.kind, step.size, 100 + i), '2.0.0'));
    await stopPtyUnit(unit);
    console.log(
      [
        String(step.baud).padEnd(8),
        step.kind.padEnd(15),
        kib(step.size).padEnd(9),
        `${(r.elapsedMs / 1000).toFixed(1)} s`.padEnd(9),
        pct(ofLine(step.size, r.elapsedMs, step.baud)).padEnd(9),
        String(r.bytesOnWire).padEnd(11),
        String(r.retries),
      ].join(' '),
    );
  }
  if (withParallel) await parallel(fleet, signer, next);
}

async function parallel(fleet: Fleet, signer: Signer, next: () => FleetUnit): Promise<void> {
  console.log(
    `\n${PARALLEL} units in parallel vs one over ptys: ${kib(PARALLEL_SIZE)} incompressible each at ${PARALLEL_BAUD} baud`,
  );
  const image = (seed: number) => signer.image(payloadOf('incompressible', PARALLEL_SIZE, seed), '2.0.0');
  const solo = await ptyUnit(fleet, next(), signer, PARALLEL_BAUD);
  const soloResult = await solo.client.flash(image(500));
  await stopPtyUnit(solo);
  const soloRate = PARALLEL_SIZE / (soloResult.elapsedMs / 1000);

  const many = await Promise.all(
    Array.from({ length: PARALLEL }, () => ptyUnit(fleet, next(), signer, PARALLEL_BAUD)),
  );
  const images = many.map((_, i) => image(600 + i));
  const simCpu = () => many.reduce((n, u) => n + cpuSeconds(u.sim.child.pid), 0);
  const simCpuBefore = simCpu();
  const stationCpuBefore = process.cpuUsage();
  const started = performance.now();
  const settled = await Promise.allSettled(many.map((u, i) => u.client.flash(images[i]!)));
  const wall = (performance.now() - started) / 1000;
  const stationCpu = (() => {
    const d = process.cpuUsage(stationCpuBefore);
    return (d.user + d.system) / 1e6;
  })();
  const simsCpu = simCpu() - simCpuBefore;
  await Promise.all(many.map(stopPtyUnit));
  const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  const aggregate = (results.length * PARALLEL_SIZE) / wall;
  const slowest = Math.max(...results.map((r) => r.elapsedMs)) / 1000;
  console.log(
    `one unit:        ${(soloResult.elapsedMs / 1000).toFixed(1)} s, ${soloRate.toFixed(0)} B/s (${pct(soloRate / (PARALLEL_BAUD / 10))} of line)`,
  );
  console.log(
    `${PARALLEL} in parallel:  ${wall.toFixed(1)} s wall (slowest unit ${slowest.toFixed(1)} s), ${results.length} finished, aggregate ${aggregate.toFixed(0)} B/s`,
  );
  console.log(`aggregate ÷ one: ${(aggregate / soloRate).toFixed(2)}×  (target ≥ 14×)`);
  console.log(`retries in parallel: ${results.reduce((n, r) => n + r.retries, 0)}`);
  console.log(
    `CPU during the parallel flash: station ${stationCpu.toFixed(1)} s, simulators ${simsCpu.toFixed(1)} s, over ${wall.toFixed(1)} s wall (${((stationCpu + simsCpu) / wall).toFixed(2)} cores busy)`,
  );
  for (const f of failures) console.log(`failed: ${f}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
