import type { DeviceMode } from '../../../../native/attestation/device-mode';

export const REGISTRY_STATUSES = ['genuine', 'frozen', 'revoked'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

export interface RegistryEntry {
  readonly serial: string;
  readonly keyFingerprint: string;
  readonly model: string;
  readonly batch: string;
  readonly mode: DeviceMode;
  readonly status: RegistryStatus;
  readonly statusReason: string | null;
  readonly statusChangedAt: string | null;
  readonly importedAt: string;
  readonly source: string;
}

/** What the genuine check needs from the registry; synchronous so the check stays pure and fast. */
export interface RegistryReader {
  lookup(serial: string): RegistryEntry | undefined;
  lookupByKeyFingerprint(keyFingerprint: string): RegistryEntry | undefined;
}
