import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MANIFEST_COLUMNS } from '../../../../native/attestation/manufacturer-manifest';
import { DEVICE_MODES } from '../../../../native/attestation/device-mode';
import { MODEL_PATTERN } from '../../../../native/firmware/image-format';
import type { ManifestFileErrorCode } from '../../../contract/domain/devices/manifest-errors';

export type { ManifestFileErrorCode } from '../../../contract/domain/devices/manifest-errors';

export type ManifestFormat = 'csv' | 'json';

/** A manifest row before validation, with the number a person would look for in the file. */
export interface RawManifestRow {
  /** CSV: the line number in the file (header is line 1). JSON: 1-based index in `devices`. */
  readonly row: number;
  readonly values: Record<string, unknown>;
}

export interface ManifestRow {
  readonly row: number;
  readonly serial: string;
  readonly keyFingerprint: string;
  readonly model: string;
  readonly batch: string;
  readonly mode: (typeof DEVICE_MODES)[number];
}

export interface MalformedRow {
  readonly row: number;
  readonly field: string;
  /** missing: the field is absent; invalid: present but not in the allowed form (the screen says which). */
  readonly code: 'missing' | 'invalid';
  readonly message: string;
}

export class ManifestFileError extends Error {
  override readonly name = 'ManifestFileError';
  constructor(
    readonly code: ManifestFileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const SERIAL_PATTERN = /^[A-Z0-9]{6,24}$/;

const rowSchema = z.object({
  serial: z
    .string({ error: 'serial is missing' })
    .trim()
    .regex(SERIAL_PATTERN, 'serial must be 6–24 upper-case letters or digits'),
  key_fingerprint: z
    .string({ error: 'key_fingerprint is missing' })
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, 'key_fingerprint must be 64 hex digits (SHA-256 of the public key)'),
  model: z
    .string({ error: 'model is missing' })
    .trim()
    .regex(MODEL_PATTERN, 'model must be 1–16 of A–Z a–z 0–9 . _ -'),
  batch: z
    .string({ error: 'batch is missing' })
    .trim()
    .min(1, 'batch is empty')
    .max(64, 'batch is longer than 64 characters'),
  mode: z
    .string({ error: 'mode is missing' })
    .trim()
    .toLowerCase()
    .transform((m) => m.replace(/-/g, '_'))
    .pipe(z.enum(DEVICE_MODES, { error: 'mode must be production, test_unit or sample_unit' })),
});

/** Guesses the format from the file name, falling back to the first character. */
export function detectManifestFormat(fileName: string, text: string): ManifestFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.csv$/i.test(fileName)) return 'csv';
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** Splits a manifest file into rows; throws ManifestFileError when the file as a whole is unreadable. */
export function readManifestRows(text: string, format: ManifestFormat): RawManifestRow[] {
  return format === 'json' ? jsonRows(text) : csvRows(text);
}

function csvRows(text: string): RawManifestRow[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true, info: true });
  } catch (err) {
    throw new ManifestFileError(
      'csv_unreadable',
      `The CSV manifest cannot be read: ${(err as Error).message}`,
    );
  }
  const first = records[0];
  if (first) {
    const missing = MANIFEST_COLUMNS.filter((c) => !(c in first.record));
    if (missing.length > 0) {
      throw new ManifestFileError(
        'csv_missing_columns',
        `The CSV manifest has no ${missing.join(', ')} column (line 1 is the header).`,
      );
    }
  }
  return records.map(({ record, info }) => ({ row: info.lines, values: record }));
}

function jsonRows(text: string): RawManifestRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ManifestFileError(
      'json_invalid',
      `The JSON manifest is not valid JSON: ${(err as Error).message}`,
    );
  }
  const devices = Array.isArray(doc) ? doc : (doc as { devices?: unknown } | null)?.devices;
  if (!Array.isArray(devices)) {
    throw new ManifestFileError(
      'json_shape',
      'The JSON manifest must be an array of devices or an object with a "devices" array.',
    );
  }
  return devices.map((d: unknown, i) => ({
    row: i + 1,
    values: d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {},
  }));
}

export function validateManifestRow(raw: RawManifestRow): ManifestRow | MalformedRow[] {
  const r = rowSchema.safeParse(raw.values);
  if (!r.success) {
    return r.error.issues.map((issue) => ({
      row: raw.row,
      field: issue.path.map(String).join('.') || 'row',
      code: issue.code === 'invalid_type' && issue.path.length > 0 ? 'missing' : 'invalid',
      message: issue.message,
    }));
  }
  return {
    row: raw.row,
    serial: r.data.serial,
    keyFingerprint: r.data.key_fingerprint,
    model: r.data.model,
    batch: r.data.batch,
    mode: r.data.mode,
  };
}
