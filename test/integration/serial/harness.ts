import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerminalClient, type ClientOptions } from '../../../native/client/terminal-client';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload, type PayloadKind } from '../../../native/firmware/synthetic-payload';
import { prepareFleet, unitArgs, type Fleet, type FleetUnit } from '../../../native/simulator/fleet';
import { launchSimulator, type SimulatorProcess } from '../../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../../native/simulator/pty-pair';
import { SerialTransport } from '../../../native/transports/serial';

/** One simulated terminal process on a real pseudo-terminal, the station's end opened with serialport. */
export interface PtyUnit {
  readonly pty: PtyPair;
  readonly fleet: Fleet;
  readonly unit: FleetUnit;
  sim: SimulatorProcess;
  /** Restarts the simulator process on the same pty and flash (after a kill). */
  restart(extraArgs?: readonly string[]): Promise<SimulatorProcess>;
  connect(options?: ClientOptions): Promise<TerminalClient>;
  close(): Promise<void>;
}

export async function makeFleet(
  count = 1,
  mode: 'production' | 'test_unit' | 'sample_unit' = 'production',
): Promise<Fleet> {
  return prepareFleet({ dir: mkdtempSync(join(tmpdir(), 'pos-fleet-')), count, mode });
}

export async function startPtyUnit(
  fleet: Fleet,
  unit: FleetUnit,
  args: readonly string[] = [],
): Promise<PtyUnit> {
  const pty = await openPtyPair();
  const launch = (extra: readonly string[]) =>
    launchSimulator([...unitArgs(fleet, unit), '--port', pty.devicePath, ...extra]);
  const clients: TerminalClient[] = [];
  const handle: PtyUnit = {
    pty,
    fleet,
    unit,
    sim: await launch(args),
    restart: async (extraArgs = args) => {
      handle.sim = await launch(extraArgs);
      return handle.sim;
    },
    connect: async (options) => {
      const client = new TerminalClient(await SerialTransport.open({ path: pty.stationPath }), options);
      clients.push(client);
      return client;
    },
    close: async () => {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      await handle.sim.kill('SIGKILL');
      await pty.close();
    },
  };
  return handle;
}

export function fleetImage(
  fleet: Fleet,
  options: {
    size: number;
    version: string;
    securityCounter: number;
    kind?: PayloadKind;
    seed?: number;
    model?: string;
  },
): Uint8Array {
  return buildImage(
    {
      payload: syntheticPayload({
        size: options.size,
        kind: options.kind ?? 'typical',
        seed: options.seed ?? 11,
      }),
      version: options.version,
      securityCounter: options.securityCounter,
      model: options.model ?? 'SP-200',
    },
    readFileSync(fleet.firmwareKeyFile, 'utf8'),
  );
}
