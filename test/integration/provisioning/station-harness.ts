import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fleet } from '../../../native/simulator/fleet';
import { launchSimulator, type SimulatorProcess } from '../../../native/simulator/launch';
import { openPtyPair, type PtyPair } from '../../../native/simulator/pty-pair';
import { SerialTransport } from '../../../native/transports/serial';
import type { Transport } from '../../../native/transports/transport';
import type { DiscoveredUnit } from '../../../native/transports/discovery';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import type { Clock } from '../../../electron/services/audit/clock';
import { createFeesService } from '../../../electron/services/fees/service';
import type { ApplicationSource } from '../../../electron/services/devices/pipeline/binding';
import type { BoardUnit, UnitProgressEvent } from '../../../electron/services/devices/pool/board-unit';
import { createDevicesService, type DevicesService } from '../../../electron/services/devices/service';
import { openDatabase, type Db } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { migration as provisioning } from '../../../electron/store/migrations/0005_provisioning';
import { fleetImage } from '../serial/harness';

const REPO_RESOURCES = join(__dirname, '..', '..', '..', 'resources');

/** A store with every shipped migration and provisioning (0005), should index.ts not list it yet. */
export function openProvisioningStore(): Db {
  return openDatabase({
    file: ':memory:',
    migrations: [...migrations.filter((m) => m.version !== provisioning.version), provisioning],
  });
}

/** resources/ for a test station: the pinned production root, fee schedules, the fleet's signer, and the given images. */
export function makeResources(fleet: Fleet, images: Record<string, Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pos-resources-'));
  mkdirSync(join(dir, 'ca'));
  copyFileSync(join(REPO_RESOURCES, 'ca', 'production-root.pem'), join(dir, 'ca', 'production-root.pem'));
  symlinkSync(join(REPO_RESOURCES, 'fee-schedules'), join(dir, 'fee-schedules'));
  mkdirSync(join(dir, 'firmware', 'keys'), { recursive: true });
  copyFileSync(fleet.firmwarePublicKeyFile, join(dir, 'firmware', 'keys', 'fleet-signer.pub.pem'));
  for (const [name, bytes] of Object.entries(images)) writeFileSync(join(dir, 'firmware', name), bytes);
  return dir;
}

export const APPROVED: ApplicationSource = {
  approved: (id) =>
    id.startsWith('APP-')
      ? { id, settlementCardMasked: id === 'APP-RAW' ? '6222021234567890' : '622202******0123' }
      : undefined,
};

export interface TestStation {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly service: DevicesService;
  readonly changes: BoardUnit[];
  readonly progress: { at: number; event: UnitProgressEvent }[];
  /** Ports discovery reports; tests add and remove paths to plug and unplug. */
  readonly ports: Set<string>;
  /** Wraps a port's transport (a replaying man in the middle). */
  readonly wrap: Map<string, (t: Transport) => Transport>;
  /** Waits until the unit with this serial is on the board in one of the states. */
  waitFor(serial: string, states: readonly BoardUnit['state'][], timeoutMs?: number): Promise<BoardUnit>;
  close(): Promise<void>;
}

export async function startStation(options: {
  fleet: Fleet;
  resourcesDir: string;
  ports?: readonly string[];
  pauseTimeoutMs?: number;
  extraRoots?: string;
}): Promise<TestStation> {
  const db = openProvisioningStore();
  const clock: Clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  const changes: BoardUnit[] = [];
  const progress: { at: number; event: UnitProgressEvent }[] = [];
  const ports = new Set(options.ports ?? []);
  const wrap = new Map<string, (t: Transport) => Transport>();
  const discover = async (): Promise<DiscoveredUnit[]> =>
    [...ports].map((path) => ({
      id: path,
      label: path,
      portPath: path,
      via: 'serial' as const,
      open: async () => {
        const t = await SerialTransport.open({ path });
        return wrap.get(path)?.(t) ?? t;
      },
    }));
  const service = createDevicesService({
    db,
    audit,
    events: {
      emit: (name, payload) => {
        if (name === 'devices.changed') changes.push((payload as { unit: BoardUnit }).unit);
        else progress.push({ at: performance.now(), event: payload as UnitProgressEvent });
      },
    },
    resourcesDir: options.resourcesDir,
    demo: true,
    demoRootFile: options.fleet.caRootFile,
    demoTerminals: false,
    clock,
    stationId: 'station-test-01',
    fees: createFeesService({ scheduleDir: join(REPO_RESOURCES, 'fee-schedules'), now: () => Date.now() }),
    applications: APPROVED,
    discover,
    pollMs: 200,
    pauseTimeoutMs: options.pauseTimeoutMs ?? 60_000,
    onError: () => undefined,
  });
  await service.start();
  const waitFor = async (serial: string, states: readonly BoardUnit['state'][], timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const unit = service.board().units.find((u) => u.serial === serial);
      if (unit && states.includes(unit.state)) return unit;
      if (Date.now() > deadline) {
        throw new Error(
          `${serial} not in ${states.join('/')} within ${timeoutMs} ms: ${JSON.stringify(unit ?? service.board())}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    db,
    audit,
    service,
    changes,
    progress,
    ports,
    wrap,
    waitFor,
    close: async () => {
      await service.close();
      db.close();
    },
  };
}

export interface RawSim {
  readonly pty: PtyPair;
  sim: SimulatorProcess;
  close(): Promise<void>;
}

/** A simulator process with any flags on a fresh pty pair (identities the fleet helpers do not make). */
export async function startRawSim(args: readonly string[]): Promise<RawSim> {
  const pty = await openPtyPair();
  const handle: RawSim = {
    pty,
    sim: await launchSimulator([...args, '--port', pty.devicePath]),
    close: async () => {
      await handle.sim.kill('SIGKILL');
      await pty.close();
    },
  };
  return handle;
}

/** Maps `items` with at most `limit` at a time: sixteen simulators starting at once starve a 2-core machine. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export { fleetImage };
