/**
 * Flash throughput over a paced 8N1 line: the station's client against simulator processes on real
 * pseudo-terminals, the simulator pacing both directions at the baud rate (--baud). Prints figures,
 * not pass/fail.
 *
 *   npx tsx bench/flash/run.ts            # the full plan below, about 4 minutes
 *   npx tsx bench/flash/run.ts --quick    # a quarter of the sizes, about 1 minute
 *
 * Effective throughput = payload bytes ÷ flash time (first manifest chunk to FW_DONE, all framing,
 * SLIP escapes, manifest, acks and retransmissions included) ÷ the line's payload rate (baud / 10:
 * 8N1 puts 10 bits on the line per byte). Above 100 % means compression carried more payload than
 * the line could raw.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalClient } from '../../native/client/terminal-client';
import { buildImage } from '../../native/firmware/build-image';
import { syntheticPayload, type PayloadKind } from '../../native/firmware/synthetic-payload';
import { prepareFleet, unitArgs, type Fleet, type FleetUnit } from '../../native/simulator/fleet';
import { launchSimulator, type SimulatorProcess } from '../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../native/simulator/pty-pair';
import { SerialTransport } from '../../native/transports/serial';

const MiB = 1 << 20;
const quick = process.argv.includes('--quick');
const scale = quick ? 0.25 : 1;

/** 4 MiB at 115200 would take over 6 minutes; 512 KiB shows the same efficiency in 46 s. */
const PLAN: { baud: number; size: number; kind: PayloadKind }[] = [
  { baud: 115_200, size: 0.5 * MiB * scale, kind: 'incompressible' },
  { baud: 115_200, size: 0.5 * MiB * scale, kind: 'typical' },
  { baud: 921_600, size: 4 * MiB * scale, kind: 'incompressible' },
  { baud: 921_600, size: 4 * MiB * scale, kind: 'typical' },
];
const PARALLEL = 16;
const PARALLEL_BAUD = 921_600;
const PARALLEL_SIZE = 1 * MiB * scale;

interface Unit {
  readonly pty: PtyPair;
  readonly sim: SimulatorProcess;
  readonly client: TerminalClient;
}

interface Signer {
  readonly keyFile: string;
  image(size: number, kind: PayloadKind, seed: number): Uint8Array;
}

function makeSigner(dir: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyFile = join(dir, 'bench-signer.pub.pem');
  writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  return {
    keyFile,
    image: (size, kind, seed) =>
      buildImage(
        {
          payload: syntheticPayload({ size, kind, seed }),
          version: '2.0.0',
          securityCounter: 2,
          model: 'SP-200',
        },
        privateKey,
      ),
  };
}

async function startUnit(fleet: Fleet, unit: FleetUnit, signer: Signer, baud: number): Promise<Unit> {
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

async function stopUnit(u: Unit): Promise<void> {
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

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-flash-bench-'));
  const fleet = await prepareFleet({ dir, count: PLAN.length + PARALLEL + 1 });
  const signer = makeSigner(dir);
  const units = [...fleet.units];
  const next = () => units.shift()!;
  console.log(
    `flash bench${quick ? ' (quick)' : ''}: node ${process.version}, simulator processes on socat ptys, window 16, block 4 KiB`,
  );

  console.log('\nsingle unit');
  console.log(
    'baud     image           size      time      line payload rate   effective        of line   wire bytes  retries',
  );
  for (const [i, step] of PLAN.entries()) {
    const unit = await startUnit(fleet, next(), signer, step.baud);
    const image = signer.image(step.size, step.kind, 100 + i);
    const r = await unit.client.flash(image);
    const lineRate = step.baud / 10;
    const effective = step.size / (r.elapsedMs / 1000);
    console.log(
      [
        String(step.baud).padEnd(8),
        step.kind.padEnd(15),
        kib(step.size).padEnd(9),
        `${(r.elapsedMs / 1000).toFixed(1)} s`.padEnd(9),
        `${lineRate.toFixed(0)} B/s`.padEnd(19),
        `${effective.toFixed(0)} B/s`.padEnd(16),
        pct(effective / lineRate).padEnd(9),
        String(r.bytesOnWire).padEnd(11),
        String(r.retries),
      ].join(' '),
    );
    await stopUnit(unit);
  }

  console.log(
    `\n${PARALLEL} units in parallel vs one: ${kib(PARALLEL_SIZE)} incompressible each at ${PARALLEL_BAUD} baud`,
  );
  const solo = await startUnit(fleet, next(), signer, PARALLEL_BAUD);
  const soloResult = await solo.client.flash(signer.image(PARALLEL_SIZE, 'incompressible', 500));
  await stopUnit(solo);
  const soloRate = PARALLEL_SIZE / (soloResult.elapsedMs / 1000);

  const many = await Promise.all(
    Array.from({ length: PARALLEL }, () => startUnit(fleet, next(), signer, PARALLEL_BAUD)),
  );
  const images = many.map((_, i) => signer.image(PARALLEL_SIZE, 'incompressible', 600 + i));
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
  await Promise.all(many.map(stopUnit));
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
