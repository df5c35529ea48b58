import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManufacturerCa } from '../../../native/attestation/ca';
import { createBatch } from '../../../native/attestation/create-batch';
import { loadDeviceIdentity } from '../../../native/attestation/device-identity';
import type { DeviceMode } from '../../../native/protocol/enums';
import { buildImage } from '../../../native/firmware/build-image';
import { syntheticPayload, type PayloadKind } from '../../../native/firmware/synthetic-payload';
import { TerminalClient } from '../../../native/client/terminal-client';
import { DeviceRuntime, type RuntimeOptions } from '../../../native/simulator/device-runtime';
import { FlashStore } from '../../../native/simulator/flash-store';
import { Terminal, type TerminalFaults, type TerminalIdentity } from '../../../native/simulator/terminal';
import { simulatedIdentity } from '../../../native/simulator/unit-identity';
import { createMemoryPair } from '../../../native/transports/memory';
import type { Transport } from '../../../native/transports/transport';

export const MODEL = 'SP-200';

export interface Signer {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function makeSigner(): Signer {
  return generateKeyPairSync('ed25519');
}

export function makeImage(
  signer: Signer,
  options: {
    size?: number;
    kind?: PayloadKind;
    seed?: number;
    version?: string;
    securityCounter?: number;
    model?: string;
    blockSize?: number;
  } = {},
): Uint8Array {
  return buildImage(
    {
      payload: syntheticPayload({
        size: options.size ?? 40_000,
        kind: options.kind ?? 'typical',
        seed: options.seed ?? 1,
      }),
      version: options.version ?? '1.0.0',
      securityCounter: options.securityCounter ?? 1,
      model: options.model ?? MODEL,
      ...(options.blockSize ? { blockSize: options.blockSize } : {}),
    },
    signer.privateKey,
  );
}

let identityCache: Promise<TerminalIdentity> | undefined;

export async function makeIdentity(mode: DeviceMode = 'production'): Promise<TerminalIdentity> {
  if (mode === 'production' && identityCache) return identityCache;
  const made = (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-batch-'));
    const ca = await createManufacturerCa();
    const batch = await createBatch({ count: 1, model: MODEL, mode, outDir: dir, ca });
    return simulatedIdentity(await loadDeviceIdentity(batch.devices[0]!.dir));
  })();
  if (mode === 'production') identityCache = made;
  return made;
}

export interface UnitHarness {
  readonly terminal: Terminal;
  readonly store: FlashStore;
  readonly client: TerminalClient;
  readonly runtime: DeviceRuntime;
  readonly stateDir: string;
}

export interface UnitOptions {
  readonly signer: Signer;
  readonly factoryImage: Uint8Array;
  readonly identity: TerminalIdentity;
  readonly faults?: TerminalFaults;
  readonly runtime?: RuntimeOptions;
  readonly stateDir?: string;
  readonly supportedBauds?: readonly number[];
  /** The link between station and unit; an unpaced in-memory pair unless given. */
  readonly link?: () => [Transport, Transport];
}

/** A terminal in this process on an in-memory link, with its flash in a temp dir. */
export function makeUnit(options: UnitOptions): UnitHarness {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'pos-unit-'));
  const store = new FlashStore(stateDir, 1 << 22);
  const terminal = new Terminal({
    identity: options.identity,
    store,
    firmwareKeys: [options.signer.publicKey],
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.supportedBauds ? { supportedBauds: options.supportedBauds } : {}),
  });
  if (!store.exists()) terminal.installFactoryImage(options.factoryImage);
  terminal.boot();
  const [stationEnd, deviceEnd] = options.link ? options.link() : createMemoryPair();
  const runtime = new DeviceRuntime(terminal, deviceEnd, { rebootMs: 20, ...options.runtime });
  return { terminal, store, client: new TerminalClient(stationEnd), runtime, stateDir };
}
