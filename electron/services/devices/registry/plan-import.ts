import type { ManifestRow } from './manifest-rows';
import type { RegistryEntry, RegistryReader } from './registry-entry';

export type ImportConflictCode =
  /** The same serial appears twice in the file with identical data. */
  | 'duplicate_row'
  /** The same serial appears twice in the file with different data. */
  | 'duplicate_serial'
  /** Two serials in the file share one key: one of them is a copy. */
  | 'duplicate_key'
  /** The registry has this serial with another key: a clone, or a manifest error. */
  | 'key_mismatch'
  /** The registry has this key under another serial. */
  | 'key_in_use'
  /** The registry has this serial and key but another model, batch or mode. */
  | 'record_differs';

export interface ImportConflict {
  readonly row: number;
  readonly serial: string;
  readonly code: ImportConflictCode;
  readonly message: string;
  /** The row number of the earlier row in the same file, for in-file conflicts. */
  readonly otherRow?: number;
}

export interface ImportPlan {
  readonly inserts: readonly ManifestRow[];
  /** Rows already in the registry exactly as given: re-importing a manifest is harmless. */
  readonly unchanged: readonly ManifestRow[];
  readonly conflicts: readonly ImportConflict[];
}

/** Decides, without writing, what importing these rows would do and what stands in the way. */
export function planImport(rows: readonly ManifestRow[], registry: RegistryReader): ImportPlan {
  const inserts: ManifestRow[] = [];
  const unchanged: ManifestRow[] = [];
  const conflicts: ImportConflict[] = [];
  const bySerial = new Map<string, ManifestRow>();
  const byKey = new Map<string, ManifestRow>();

  for (const row of rows) {
    const conflict = (code: ImportConflictCode, message: string, otherRow?: number) =>
      conflicts.push({ row: row.row, serial: row.serial, code, message, ...(otherRow ? { otherRow } : {}) });

    const sameSerial = bySerial.get(row.serial);
    if (sameSerial) {
      if (sameRecord(sameSerial, row)) {
        conflict(
          'duplicate_row',
          `Row ${row.row} repeats row ${sameSerial.row} (serial ${row.serial}).`,
          sameSerial.row,
        );
      } else {
        conflict(
          'duplicate_serial',
          `Serial ${row.serial} is on rows ${sameSerial.row} and ${row.row} with different data.`,
          sameSerial.row,
        );
      }
      continue;
    }
    bySerial.set(row.serial, row);
    const sameKey = byKey.get(row.keyFingerprint);
    if (sameKey) {
      conflict(
        'duplicate_key',
        `Serials ${sameKey.serial} (row ${sameKey.row}) and ${row.serial} share one device key.`,
        sameKey.row,
      );
      continue;
    }
    byKey.set(row.keyFingerprint, row);

    const existing = registry.lookup(row.serial);
    if (existing) {
      if (existing.keyFingerprint !== row.keyFingerprint) {
        conflict(
          'key_mismatch',
          `Serial ${row.serial} is registered with another key (batch ${existing.batch}): possible clone.`,
        );
      } else if (!sameRecord(existing, row)) {
        conflict(
          'record_differs',
          `Serial ${row.serial} is registered as ${describe(existing)}; the manifest says ${describe(row)}.`,
        );
      } else {
        unchanged.push(row);
      }
      continue;
    }
    const keyOwner = registry.lookupByKeyFingerprint(row.keyFingerprint);
    if (keyOwner) {
      conflict('key_in_use', `The key of ${row.serial} is already registered to serial ${keyOwner.serial}.`);
      continue;
    }
    inserts.push(row);
  }
  return { inserts, unchanged, conflicts };
}

type Comparable = Pick<RegistryEntry, 'keyFingerprint' | 'model' | 'batch' | 'mode'>;

function sameRecord(a: Comparable, b: Comparable): boolean {
  return (
    a.keyFingerprint === b.keyFingerprint && a.model === b.model && a.batch === b.batch && a.mode === b.mode
  );
}

function describe(r: Comparable): string {
  return `model ${r.model}, batch ${r.batch}, mode ${r.mode}`;
}
