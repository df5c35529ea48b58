import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEVICE_FILES } from './create-batch';
import { parseDeviceMode, type DeviceMode } from './device-mode';
import { pemBlocks } from './pem';

/** What a (simulated) terminal holds in its secure element and reports about itself. */
export interface DeviceIdentity {
  readonly serial: string;
  readonly model: string;
  readonly mode: DeviceMode;
  readonly batch: string;
  readonly privateKey: KeyObject;
  /** Leaf first, then intermediates; DER. Sent in the attestation response. */
  readonly certChainDer: readonly Uint8Array[];
}

/** Loads a unit written by createBatch from its directory. */
export async function loadDeviceIdentity(dir: string): Promise<DeviceIdentity> {
  const meta = JSON.parse(await readFile(join(dir, DEVICE_FILES.identity), 'utf8')) as Record<
    string,
    unknown
  >;
  const field = (name: string): string => {
    const v = meta[name];
    if (typeof v !== 'string' || v === '')
      throw new Error(`${join(dir, DEVICE_FILES.identity)}: missing "${name}".`);
    return v;
  };
  const certChainDer = pemBlocks(await readFile(join(dir, DEVICE_FILES.chain), 'utf8'), 'CERTIFICATE');
  if (certChainDer.length === 0) throw new Error(`${join(dir, DEVICE_FILES.chain)}: no certificate.`);
  return {
    serial: field('serial'),
    model: field('model'),
    mode: parseDeviceMode(field('mode')),
    batch: field('batch'),
    privateKey: createPrivateKey(await readFile(join(dir, DEVICE_FILES.key), 'utf8')),
    certChainDer,
  };
}

/** The device's Ed25519 signature over the transcript bytes (attestationTranscript in native/protocol). */
export function signAttestation(privateKey: KeyObject, transcript: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, transcript, privateKey));
}
