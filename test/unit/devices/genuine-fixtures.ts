import { KeyObject, randomBytes, createHash } from 'node:crypto';
import {
  createManufacturerCa,
  generateEd25519,
  issueDeviceCertificate,
  issuerChain,
  pinnedRoot,
  signAttestation,
  type DeviceCertificateInput,
  type ManufacturerCa,
  type PinnedRoot,
} from '../../../native/attestation';
import { keyFingerprint } from '../../../native/attestation/key-fingerprint';
import { attestationTranscript } from '../../../native/protocol/attestation-transcript';
import type { DeviceMode } from '../../../native/protocol/enums';
import type { GenuineCheckInput } from '../../../electron/services/devices/genuine';
import type {
  RegistryEntry,
  RegistryReader,
} from '../../../electron/services/devices/registry/registry-entry';

export interface Unit {
  readonly serial: string;
  readonly mode: DeviceMode;
  readonly privateKey: KeyObject;
  readonly certs: Uint8Array[];
  readonly keyFingerprint: string;
}

export async function makeUnit(
  ca: ManufacturerCa,
  serial: string,
  mode: DeviceMode = 'production',
  cert: Partial<DeviceCertificateInput> = {},
): Promise<Unit> {
  const keys = await generateEd25519();
  const leaf = await issueDeviceCertificate({ serial, mode, publicKey: keys.publicKey, ca, ...cert });
  const privateKey = KeyObject.from(keys.privateKey);
  return {
    serial,
    mode,
    privateKey,
    certs: [leaf, ...issuerChain(ca)].map((c) => new Uint8Array(c.rawData)),
    keyFingerprint: keyFingerprint(privateKey),
  };
}

export class MapRegistry implements RegistryReader {
  readonly entries = new Map<string, RegistryEntry>();

  register(unit: Pick<Unit, 'serial' | 'keyFingerprint' | 'mode'>, patch: Partial<RegistryEntry> = {}): this {
    this.entries.set(unit.serial, {
      serial: unit.serial,
      keyFingerprint: unit.keyFingerprint,
      model: 'PS-M1',
      batch: 'B1',
      mode: unit.mode,
      status: 'genuine',
      statusReason: null,
      statusChangedAt: null,
      importedAt: '2026-11-26T08:00:00+08:00',
      source: 'test',
      ...patch,
    });
    return this;
  }

  lookup(serial: string): RegistryEntry | undefined {
    return this.entries.get(serial);
  }

  lookupByKeyFingerprint(fp: string): RegistryEntry | undefined {
    return [...this.entries.values()].find((e) => e.keyFingerprint === fp);
  }
}

export const STATION_ID = 'station-wh-01';
export const FIRMWARE_HASH = createHash('sha256').update('firmware 1.0.0').digest();

/** What a terminal answers to ATTEST with this station nonce. */
export function attest(unit: Unit, stationNonce: Uint8Array, firmwareHash: Uint8Array = FIRMWARE_HASH) {
  const deviceNonce = new Uint8Array(randomBytes(32));
  const transcript = attestationTranscript({
    stationNonce,
    deviceNonce,
    stationId: STATION_ID,
    firmwareHash,
  });
  return {
    deviceNonce,
    firmwareHash,
    certs: unit.certs,
    signature: signAttestation(unit.privateKey, transcript),
  };
}

/** A complete, passing check input for `unit`; tests override one thing at a time. */
export function checkInput(
  unit: Unit,
  roots: readonly PinnedRoot[],
  registry: RegistryReader,
  overrides: Partial<GenuineCheckInput> = {},
): GenuineCheckInput {
  const stationNonce = new Uint8Array(randomBytes(32));
  return {
    identity: { serial: unit.serial, model: 'PS-M1', mode: unit.mode, tamper: false, frozen: false },
    attestation: attest(unit, stationNonce),
    stationNonce,
    stationId: STATION_ID,
    scannedSerial: unit.serial,
    pinnedRoots: roots,
    registry,
    ...overrides,
  };
}

export async function makeCas(): Promise<{
  ca: ManufacturerCa;
  otherCa: ManufacturerCa;
  roots: PinnedRoot[];
}> {
  const ca = await createManufacturerCa({ withIntermediate: true });
  const otherCa = await createManufacturerCa({ organisation: 'Counterfeit Factory', withIntermediate: true });
  return { ca, otherCa, roots: [pinnedRoot('test', ca.root.cert.toString('pem'))] };
}
