import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManufacturerCa } from '../../../native/attestation/ca';
import { createBatch } from '../../../native/attestation/create-batch';
import { loadDeviceIdentity } from '../../../native/attestation/device-identity';
import { pinnedRoot, type PinnedRoot } from '../../../native/attestation/verify-chain';
import { TerminalClient } from '../../../native/client/terminal-client';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload } from '../../../native/firmware/synthetic-payload';
import { DeviceRuntime } from '../../../native/simulator/device-runtime';
import { FlashStore } from '../../../native/simulator/flash-store';
import { Terminal, type TerminalFaults, type TerminalIdentity } from '../../../native/simulator/terminal';
import { simulatedIdentity } from '../../../native/simulator/unit-identity';
import { createMemoryPair } from '../../../native/transports/memory';
import type { Transport } from '../../../native/transports/transport';
import { createAuditLog, type AuditLog } from '../../../electron/services/audit/audit-log';
import type { Clock } from '../../../electron/services/audit/clock';
import { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';
import { limitProfile, type ApplicationSource } from '../../../electron/services/devices/pipeline/binding';
import { FirmwareCatalog } from '../../../electron/services/devices/pipeline/firmware-catalog';
import type { PipelineDeps } from '../../../electron/services/devices/pipeline/pipeline';
import { DeviceRegistry } from '../../../electron/services/devices/registry/device-registry';
import { createFeesService } from '../../../electron/services/fees/service';
import { openDatabase, type Db } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { migration as provisioning } from '../../../electron/store/migrations/0005_provisioning';

export const MODEL = 'SP-200';
const REPO_RESOURCES = join(__dirname, '..', '..', '..', 'resources');

export function openProvisioningStore(): Db {
  return openDatabase({
    file: ':memory:',
    migrations: [...migrations.filter((m) => m.version !== provisioning.version), provisioning],
  });
}

export interface Lab {
  readonly db: Db;
  readonly audit: AuditLog;
  readonly registry: DeviceRegistry;
  readonly evidence: EvidenceStore;
  readonly catalog: FirmwareCatalog;
  readonly signer: KeyObject;
  readonly roots: PinnedRoot[];
  readonly identities: TerminalIdentity[];
  readonly resourcesDir: string;
  /** The lab CA's root, PEM: pinned by a station in demo mode. */
  readonly rootFile: string;
  image(options: { version: string; securityCounter: number; seed?: number; size?: number }): Uint8Array;
  deps(applications?: ApplicationSource): PipelineDeps;
}

export const APPLICATIONS: ApplicationSource = {
  approved: (id) =>
    /^APP-OK(-\d+)?$/.test(id)
      ? { id, settlementCardMasked: '622202******0123' }
      : id === 'APP-RAW'
        ? { id, settlementCardMasked: '6222021234567890123' }
        : undefined,
};

/** A CA, a registered batch of units, a firmware signer trusted by station and units, and a store. */
export async function makeLab(count = 2): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), 'pos-lab-'));
  const ca = await createManufacturerCa();
  const batch = await createBatch({ count, model: MODEL, mode: 'production', outDir: dir, ca });
  const identities = await Promise.all(
    batch.devices.map(async (d) => simulatedIdentity(await loadDeviceIdentity(d.dir))),
  );
  const db = openProvisioningStore();
  const clock: Clock = { now: () => Date.now() };
  const audit = createAuditLog(db, clock);
  const registry = new DeviceRegistry(db);
  registry.importManifest({
    text: readFileSync(batch.manifestJsonFile, 'utf8'),
    format: 'json',
    source: 'lab',
    actor: 'lab',
  });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const resourcesDir = join(dir, 'resources');
  mkdirSync(join(resourcesDir, 'firmware', 'keys'), { recursive: true });
  writeFileSync(
    join(resourcesDir, 'firmware', 'keys', 'lab.pub.pem'),
    publicKey.export({ type: 'spki', format: 'pem' }),
  );
  const catalog = new FirmwareCatalog(resourcesDir);
  const fees = createFeesService({ scheduleDir: join(REPO_RESOURCES, 'fee-schedules') });
  const evidence = new EvidenceStore(db, audit, clock);
  const roots = [pinnedRoot('lab', ca.root.cert.toString('pem'))];
  const rootFile = join(dir, 'lab-root.pem');
  writeFileSync(rootFile, ca.root.cert.toString('pem'));
  return {
    db,
    audit,
    registry,
    evidence,
    catalog,
    signer: privateKey,
    roots,
    identities,
    resourcesDir,
    rootFile,
    image: (o) =>
      buildImage(
        {
          payload: syntheticPayload({ size: o.size ?? 20_000, seed: o.seed ?? 1 }),
          version: o.version,
          securityCounter: o.securityCounter,
          model: MODEL,
        },
        privateKey,
      ),
    deps: (applications = APPLICATIONS) => ({
      evidence,
      registry,
      pinnedRoots: roots,
      stationId: 'lab-station',
      catalog,
      applications,
      limitProfile: (p) => limitProfile(fees, p),
      // A lab bench, like demo mode: no box to scan unless a test says so.
      requireBoxScan: false,
    }),
  };
}

export interface LabUnit {
  readonly terminal: Terminal;
  readonly store: FlashStore;
  /** A fresh link to the unit, as if plugged in again; the old one is closed. */
  connect(): Transport;
  plug(): TerminalClient;
  unplug(): Promise<void>;
}

/** An in-process terminal with its flash in a temp dir, reachable over in-memory links. */
export function labUnit(
  lab: Lab,
  identity: TerminalIdentity,
  factory: Uint8Array,
  faults?: TerminalFaults,
): LabUnit {
  const store = new FlashStore(mkdtempSync(join(tmpdir(), 'pos-lab-unit-')), 1 << 22);
  const terminal = new Terminal({
    identity,
    store,
    firmwareKeys: [lab.catalog.signers[0]!.key],
    ...(faults ? { faults } : {}),
  });
  terminal.installFactoryImage(factory);
  terminal.boot();
  let current: { station: Transport; device: Transport; runtime: DeviceRuntime } | undefined;
  const unplug = async () => {
    if (!current) return;
    current.runtime.stop();
    await current.station.close();
    await current.device.close();
    current = undefined;
  };
  const connect = () => {
    void unplug();
    const [station, device] = createMemoryPair(identity.serial);
    current = { station, device, runtime: new DeviceRuntime(terminal, device, { rebootMs: 10 }) };
    return station;
  };
  return {
    terminal,
    store,
    connect,
    plug: () => new TerminalClient(connect()),
    unplug,
  };
}
