import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { generateEd25519, issuerChain, privateKeyPem, type ManufacturerCa } from './ca';
import { issueDeviceCertificate } from './device-certificate';
import type { DeviceMode } from './device-mode';
import { keyFingerprint } from './key-fingerprint';
import { manifestCsv, manifestJson, type ManufacturerManifestRow } from './manufacturer-manifest';
import { subtle } from './x509';

export interface CreateBatchOptions {
  readonly count: number;
  readonly model: string;
  readonly mode: DeviceMode;
  readonly outDir: string;
  readonly ca: ManufacturerCa;
  /** Defaults to B + UTC timestamp. */
  readonly batch?: string;
  /** Serials are prefix + 10 digits; defaults to "PS". */
  readonly serialPrefix?: string;
  /** First serial number; defaults to a random block so batches rarely collide. */
  readonly firstSerial?: number;
  readonly now?: Date;
}

/** The files of one unit, as the simulator loads them (see loadDeviceIdentity). */
export interface BatchDevice extends ManufacturerManifestRow {
  readonly dir: string;
  readonly keyFile: string;
  readonly chainFile: string;
  readonly identityFile: string;
}

export interface BatchResult {
  readonly batch: string;
  readonly devices: readonly BatchDevice[];
  readonly manifestCsvFile: string;
  readonly manifestJsonFile: string;
  /** The CA root the chains lead to: what a demo station must pin. */
  readonly rootFile: string;
}

export const DEVICE_FILES = {
  key: 'device.key.pem',
  chain: 'chain.pem',
  identity: 'device.json',
} as const;

const MAX_BATCH = 10_000;

/**
 * Makes a batch of units as a manufacturer would: a key pair and certificate per unit, the chain files,
 * and the manufacturer manifest (CSV and JSON) that the station's registry imports.
 */
export async function createBatch(options: CreateBatchOptions): Promise<BatchResult> {
  const { count, model, mode, outDir, ca } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH) {
    throw new RangeError(`Batch size ${count} must be an integer from 1 to ${MAX_BATCH}.`);
  }
  const now = options.now ?? new Date();
  const batch = options.batch ?? `B${now.toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
  const prefix = options.serialPrefix ?? 'PS';
  const first = options.firstSerial ?? randomSerialBlock();
  const chainPem = issuerChain(ca)
    .map((c) => c.toString('pem') + '\n')
    .join('');

  const devices: BatchDevice[] = [];
  for (let i = 0; i < count; i++) {
    const serial = `${prefix}${String(first + i).padStart(10, '0')}`;
    const keys = await generateEd25519();
    const cert = await issueDeviceCertificate({
      serial,
      mode,
      publicKey: keys.publicKey,
      ca,
      notBefore: now,
    });
    const spki = new Uint8Array(await subtle.exportKey('spki', keys.publicKey));
    const row: ManufacturerManifestRow = {
      serial,
      key_fingerprint: keyFingerprint(spki),
      model,
      batch,
      mode,
    };
    const dir = join(outDir, 'devices', serial);
    await mkdir(dir, { recursive: true });
    const device: BatchDevice = {
      ...row,
      dir,
      keyFile: join(dir, DEVICE_FILES.key),
      chainFile: join(dir, DEVICE_FILES.chain),
      identityFile: join(dir, DEVICE_FILES.identity),
    };
    await writeFile(device.keyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
    await writeFile(device.chainFile, cert.toString('pem') + '\n' + chainPem);
    await writeFile(device.identityFile, JSON.stringify(row, null, 2) + '\n');
    devices.push(device);
  }

  const manufacturer = ca.root.cert.subjectName.getField('O')[0] ?? 'unknown';
  const result: BatchResult = {
    batch,
    devices,
    manifestCsvFile: join(outDir, 'manifest.csv'),
    manifestJsonFile: join(outDir, 'manifest.json'),
    rootFile: join(outDir, 'ca-root.pem'),
  };
  const rows = devices.map(({ serial, key_fingerprint, model: m, batch: b, mode: md }) => ({
    serial,
    key_fingerprint,
    model: m,
    batch: b,
    mode: md,
  }));
  await writeFile(result.manifestCsvFile, manifestCsv(rows));
  await writeFile(
    result.manifestJsonFile,
    JSON.stringify(manifestJson(rows, manufacturer, now), null, 2) + '\n',
  );
  await writeFile(result.rootFile, ca.root.cert.toString('pem') + '\n');
  return result;
}

function randomSerialBlock(): number {
  const r = webcrypto.getRandomValues(new Uint32Array(1))[0]!;
  return 1_000_000_000 + (r % 800_000) * MAX_BATCH;
}
