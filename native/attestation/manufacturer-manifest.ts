import { toCsv } from '../formats/csv-output';
import type { DeviceMode } from './device-mode';

/** One unit as the manufacturer declares it; the registry imports these rows. */
export interface ManufacturerManifestRow {
  readonly serial: string;
  /** keyFingerprint() of the device's public key. */
  readonly key_fingerprint: string;
  readonly model: string;
  readonly batch: string;
  readonly mode: DeviceMode;
}

export const MANIFEST_COLUMNS = ['serial', 'key_fingerprint', 'model', 'batch', 'mode'] as const;
export const MANIFEST_FORMAT = 'pos-station.manufacturer-manifest';

export interface ManufacturerManifestJson {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: 1;
  readonly manufacturer: string;
  readonly created_at: string;
  readonly devices: readonly ManufacturerManifestRow[];
}

export function manifestCsv(rows: readonly ManufacturerManifestRow[]): string {
  return toCsv(
    MANIFEST_COLUMNS,
    rows.map((r) => MANIFEST_COLUMNS.map((c) => r[c])),
  );
}

export function manifestJson(
  rows: readonly ManufacturerManifestRow[],
  manufacturer: string,
  createdAt: Date,
): ManufacturerManifestJson {
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    manufacturer,
    created_at: createdAt.toISOString(),
    devices: rows,
  };
}
