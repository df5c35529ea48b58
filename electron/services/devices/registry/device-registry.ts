import type { Db } from '../../../store/database';
import { DomainError } from '../../../contract/domain/errors';
import { formatShanghaiIso } from '../../calendar/shanghai-time';
import {
  ManifestFileError,
  type ManifestFileErrorCode,
  readManifestRows,
  validateManifestRow,
  type MalformedRow,
  type ManifestFormat,
  type ManifestRow,
} from './manifest-rows';
import { planImport, type ImportConflict } from './plan-import';
import type { RegistryEntry, RegistryReader, RegistryStatus } from './registry-entry';

/** One registry write, handed to `record` inside its transaction so the lead can append the audit line. */
export type RegistryChange =
  | {
      readonly action: 'device.registry.imported';
      readonly actor: string;
      readonly source: string;
      readonly imported: number;
      readonly unchanged: number;
      readonly batches: readonly string[];
    }
  | {
      readonly action: 'device.frozen' | 'device.unfrozen' | 'device.revoked';
      readonly actor: string;
      readonly serial: string;
      readonly from: RegistryStatus;
      readonly to: RegistryStatus;
      readonly reason: string;
    };

export interface DeviceRegistryOptions {
  /** Epoch ms; tests move it. */
  readonly now?: () => number;
  /** Called inside each write transaction; throwing rolls the write back. */
  readonly record?: (change: RegistryChange) => void;
}

export interface ImportManifestInput {
  readonly text: string;
  readonly format: ManifestFormat;
  /** Shown in the registry's source column and the report, e.g. the file name. */
  readonly source: string;
  readonly actor: string;
}

export interface ImportReport {
  /** True when every row was valid and free of conflicts, and the new rows were written. */
  readonly ok: boolean;
  readonly source: string;
  readonly rows: number;
  readonly imported: number;
  readonly unchanged: number;
  readonly conflicts: readonly ImportConflict[];
  readonly malformed: readonly MalformedRow[];
  /** Set when the file as a whole could not be read: the code for the screen, the sentence for logs. */
  readonly fileError?: string;
  readonly fileErrorCode?: ManifestFileErrorCode;
}

export interface ListOptions {
  readonly status?: RegistryStatus;
  readonly batch?: string;
  readonly limit?: number;
  readonly offset?: number;
}

interface Row {
  serial: string;
  key_fingerprint: string;
  model: string;
  batch: string;
  mode: RegistryEntry['mode'];
  status: RegistryStatus;
  status_reason: string | null;
  status_changed_at: string | null;
  imported_at: string;
  source: string;
}

/** The device registry table: manifest import, lookups for the genuine check, freeze and revoke. */
export class DeviceRegistry implements RegistryReader {
  private readonly now: () => number;
  private readonly record: (change: RegistryChange) => void;

  constructor(
    private readonly db: Db,
    options: DeviceRegistryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.record = options.record ?? (() => undefined);
  }

  lookup(serial: string): RegistryEntry | undefined {
    const row = this.db.prepare('SELECT * FROM device_registry WHERE serial = ?').get(serial) as
      Row | undefined;
    return row && toEntry(row);
  }

  lookupByKeyFingerprint(keyFingerprint: string): RegistryEntry | undefined {
    const row = this.db
      .prepare('SELECT * FROM device_registry WHERE key_fingerprint = ?')
      .get(keyFingerprint) as Row | undefined;
    return row && toEntry(row);
  }

  list(options: ListOptions = {}): RegistryEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (options.status) {
      where.push('status = ?');
      args.push(options.status);
    }
    if (options.batch) {
      where.push('batch = ?');
      args.push(options.batch);
    }
    const sql = `SELECT * FROM device_registry ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY serial LIMIT ? OFFSET ?`;
    const rows = this.db.prepare(sql).all(...args, options.limit ?? -1, options.offset ?? 0) as Row[];
    return rows.map(toEntry);
  }

  /**
   * The support desk's unit search: a serial or its beginning (as read off a label or typed from a
   * sticker), or the beginning of a key fingerprint (8+ hex digits), optionally one status. Each is a
   * range over an index (the primary key, the key index, migration 0012's (status, serial)), so it
   * stays in milliseconds over a million units: never a LIKE '%…%' scan.
   */
  search(query: string, options: { status?: RegistryStatus; limit?: number } = {}): RegistryEntry[] {
    const q = query.trim().toUpperCase();
    const limit = options.limit ?? 50;
    if (q === '') return [];
    const upper = `${q}\uffff`;
    const rows: Row[] = [];
    const status = options.status;
    rows.push(
      ...((status
        ? this.db
            .prepare(
              'SELECT * FROM device_registry WHERE status = ? AND serial >= ? AND serial < ? ORDER BY serial LIMIT ?',
            )
            .all(status, q, upper, limit)
        : this.db
            .prepare('SELECT * FROM device_registry WHERE serial >= ? AND serial < ? ORDER BY serial LIMIT ?')
            .all(q, upper, limit)) as Row[]),
    );
    const hex = q.toLowerCase();
    if (rows.length < limit && /^[0-9a-f]{8,64}$/.test(hex)) {
      const byKey = this.db
        .prepare(
          'SELECT * FROM device_registry WHERE key_fingerprint >= ? AND key_fingerprint < ? ORDER BY key_fingerprint LIMIT ?',
        )
        .all(hex, `${hex}g`, limit - rows.length) as Row[];
      rows.push(...byKey.filter((r) => !status || r.status === status));
    }
    return rows.map(toEntry);
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM device_registry').pluck().get() as number;
  }

  /**
   * Imports a manufacturer manifest all or nothing: any malformed row or conflict leaves the registry
   * untouched and is listed in the report; rows already present unchanged are not conflicts.
   */
  importManifest(input: ImportManifestInput): ImportReport {
    const empty = { source: input.source, rows: 0, imported: 0, unchanged: 0, conflicts: [], malformed: [] };
    let raw;
    try {
      raw = readManifestRows(input.text, input.format);
    } catch (err) {
      if (err instanceof ManifestFileError)
        return { ...empty, ok: false, fileError: err.message, fileErrorCode: err.code };
      throw err;
    }
    const valid: ManifestRow[] = [];
    const malformed: MalformedRow[] = [];
    for (const r of raw) {
      const v = validateManifestRow(r);
      if (Array.isArray(v)) malformed.push(...v);
      else valid.push(v);
    }
    if (raw.length === 0)
      return { ...empty, ok: false, fileError: 'The manifest has no device rows.', fileErrorCode: 'empty' };

    return this.db
      .transaction((): ImportReport => {
        const plan = planImport(valid, this);
        const base = { source: input.source, rows: raw.length, conflicts: plan.conflicts, malformed };
        if (malformed.length > 0 || plan.conflicts.length > 0) {
          return { ...base, ok: false, imported: 0, unchanged: plan.unchanged.length };
        }
        const at = formatShanghaiIso(this.now());
        const insert = this.db.prepare(
          `INSERT INTO device_registry (serial, key_fingerprint, model, batch, mode, status, imported_at, source)
         VALUES (?, ?, ?, ?, ?, 'genuine', ?, ?)`,
        );
        for (const r of plan.inserts)
          insert.run(r.serial, r.keyFingerprint, r.model, r.batch, r.mode, at, input.source);
        if (plan.inserts.length > 0) {
          this.record({
            action: 'device.registry.imported',
            actor: input.actor,
            source: input.source,
            imported: plan.inserts.length,
            unchanged: plan.unchanged.length,
            batches: [...new Set(plan.inserts.map((r) => r.batch))].sort(),
          });
        }
        return { ...base, ok: true, imported: plan.inserts.length, unchanged: plan.unchanged.length };
      })
      .immediate();
  }

  /** A lost or stolen unit: nobody can use it until support unfreezes it. Freezing twice is a no-op. */
  freeze(serial: string, by: { actor: string; reason: string }): RegistryEntry {
    return this.setStatus(serial, 'frozen', 'device.frozen', by);
  }

  /** A found unit back in service; unfreezing a unit that is not frozen is a no-op. */
  unfreeze(serial: string, by: { actor: string; reason: string }): RegistryEntry {
    return this.setStatus(serial, 'genuine', 'device.unfrozen', by);
  }

  /** Final: a revoked unit (cloned key, destroyed, recalled) never passes the genuine check again. */
  revoke(serial: string, by: { actor: string; reason: string }): RegistryEntry {
    return this.setStatus(serial, 'revoked', 'device.revoked', by);
  }

  private setStatus(
    serial: string,
    to: RegistryStatus,
    action: 'device.frozen' | 'device.unfrozen' | 'device.revoked',
    by: { actor: string; reason: string },
  ): RegistryEntry {
    if (by.reason.trim() === '')
      throw new DomainError('bad_value', 'Give a reason for the change.', 'reason', 'device.reason_missing');
    return this.db
      .transaction((): RegistryEntry => {
        const current = this.lookup(serial);
        if (!current)
          throw new DomainError(
            'not_found',
            `Serial ${serial} is not in the device registry.`,
            'serial',
            'device.not_registered',
          );
        if (current.status === to) return current;
        if (current.status === 'revoked') {
          throw new DomainError(
            'wrong_state',
            `Serial ${serial} is revoked; revocation is final.`,
            'serial',
            'device.revoked',
          );
        }
        this.db
          .prepare(
            'UPDATE device_registry SET status = ?, status_reason = ?, status_changed_at = ? WHERE serial = ?',
          )
          .run(to, by.reason.trim(), formatShanghaiIso(this.now()), serial);
        this.record({ action, actor: by.actor, serial, from: current.status, to, reason: by.reason.trim() });
        return this.lookup(serial)!;
      })
      .immediate();
  }
}

function toEntry(row: Row): RegistryEntry {
  return {
    serial: row.serial,
    keyFingerprint: row.key_fingerprint,
    model: row.model,
    batch: row.batch,
    mode: row.mode,
    status: row.status,
    statusReason: row.status_reason,
    statusChangedAt: row.status_changed_at,
    importedAt: row.imported_at,
    source: row.source,
  };
}
