import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caRootFile, ensureDemoCa } from '../attestation/ca';
import { createBatch } from '../attestation/create-batch';
import { buildImage } from '../firmware/build-image';
import { syntheticPayload } from '../firmware/synthetic-payload';
import type { DeviceMode } from '../protocol/enums';

/** Everything a batch of simulated terminals needs, on disk, as a manufacturer would ship it. */
export interface Fleet {
  readonly dir: string;
  readonly batch: string;
  readonly units: readonly FleetUnit[];
  readonly manifestJsonFile: string;
  readonly manifestCsvFile: string;
  /** The demo manufacturer root the units' certificates chain to. */
  readonly caRootFile: string;
  /** Demo firmware signer: the units' bootloaders trust its public key. */
  readonly firmwareKeyFile: string;
  readonly firmwarePublicKeyFile: string;
  readonly factoryImageFile: string;
}

export interface FleetUnit {
  readonly serial: string;
  readonly deviceDir: string;
  readonly stateDir: string;
}

export interface FleetOptions {
  readonly dir: string;
  readonly count: number;
  readonly mode?: DeviceMode;
  readonly model?: string;
  /** Factory image payload size; default 256 KiB. */
  readonly factoryPayloadSize?: number;
}

export const DEMO_MODEL = 'SP-200';

/**
 * Makes a batch with the demo CA of `dir` (created once, reused), a demo firmware signer (created
 * once) and a factory image signed by it. Test CA and signer keys live only in `dir`: never shipped.
 */
export async function prepareFleet(options: FleetOptions): Promise<Fleet> {
  const model = options.model ?? DEMO_MODEL;
  const caDir = join(options.dir, 'ca');
  const ca = await ensureDemoCa(caDir);
  const batchDir = join(options.dir, `batch-${Date.now()}`);
  const batch = await createBatch({
    count: options.count,
    model,
    mode: options.mode ?? 'production',
    outDir: batchDir,
    ca,
  });

  const firmwareDir = join(options.dir, 'firmware');
  mkdirSync(firmwareDir, { recursive: true });
  const firmwareKeyFile = join(firmwareDir, 'demo-signer.key.pem');
  const firmwarePublicKeyFile = join(firmwareDir, 'demo-signer.pub.pem');
  if (!existsSync(firmwareKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(firmwareKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(firmwarePublicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  const factoryImageFile = join(firmwareDir, `factory-${model}.img`);
  if (!existsSync(factoryImageFile)) {
    const image = buildImage(
      {
        payload: syntheticPayload({
          size: options.factoryPayloadSize ?? 256 * 1024,
          kind: 'typical',
          seed: 7,
        }),
        version: '1.0.0',
        securityCounter: 1,
        model,
      },
      readFileSync(firmwareKeyFile, 'utf8'),
    );
    writeFileSync(factoryImageFile, image);
  }
  return {
    dir: options.dir,
    batch: batch.batch,
    units: batch.devices.map((d) => ({
      serial: d.serial,
      deviceDir: d.dir,
      stateDir: join(batchDir, 'state', d.serial),
    })),
    manifestJsonFile: batch.manifestJsonFile,
    manifestCsvFile: batch.manifestCsvFile,
    caRootFile: caRootFile(caDir),
    firmwareKeyFile,
    firmwarePublicKeyFile,
    factoryImageFile,
  };
}

/** Simulator flags for one unit of a fleet (add --port or --stdio and any fault flags). */
export function unitArgs(fleet: Fleet, unit: FleetUnit): string[] {
  return [
    '--device-dir',
    unit.deviceDir,
    '--state-dir',
    unit.stateDir,
    '--firmware-key',
    fleet.firmwarePublicKeyFile,
    '--factory-image',
    fleet.factoryImageFile,
  ];
}
