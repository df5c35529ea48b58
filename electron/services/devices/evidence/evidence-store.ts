import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../../store/database';
import type { AuditLog } from '../../audit/audit-log';
import type { JsonValue } from '../../audit/canonical-json';
import { shanghaiIso, type Clock } from '../../audit/clock';

import {
  PIPELINE_STEPS,
  type EvidenceOutcome,
  type EvidenceStep,
  type RunKind,
  type RunStatus,
} from '../../../contract/domain/devices/provisioning';

export type { EvidenceOutcome, EvidenceStep, RunKind, RunStatus };

export type EvidenceData = { readonly [key: string]: JsonValue };

/**
 * A run or shipment id: a UUID without dashes. With dashes, one UUID in a few thousand has three
 * all-digit groups in a row, which the audit log's PII guard rightly takes for a card number.
 */
export function newEvidenceId(): string {
  return randomUUID().replace(/-/g, '');
}

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly serial: string | null;
  readonly model: string | null;
  readonly port: string;
  readonly usbLocation: string | null;
  readonly operator: string;
  readonly stationId: string;
  readonly applicationId: string | null;
  readonly imageSha256: string | null;
  readonly imageVersion: string | null;
  readonly status: RunStatus;
  readonly failedStep: string | null;
  readonly failureCode: string | null;
  readonly failureZh: string | null;
  readonly failureEn: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface EvidenceRecord {
  readonly seq: number;
  readonly step: EvidenceStep;
  readonly outcome: EvidenceOutcome;
  readonly actor: string;
  readonly at: string;
  readonly data: EvidenceData;
}

export interface ShipmentRecord {
  readonly id: string;
  readonly runId: string;
  readonly serial: string;
  readonly applicationId: string | null;
  readonly settlementCardMasked: string | null;
  readonly limitProfile: string | null;
  readonly imageSha256: string;
  readonly operator: string;
  readonly shippedAt: string;
}

/** A unit back in stock after a refurbish, or scrapped (migrations 0012, 0031). */
export interface RestockRecord {
  readonly serial: string;
  readonly kind: 'refurbished' | 'scrapped';
  readonly runId: string;
  readonly caseId: string | null;
  readonly reason: string | null;
  readonly actor: string;
  readonly at: string;
}

export interface Failure {
  readonly step: string;
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

interface RunRow {
  id: string;
  kind: RunKind;
  serial: string | null;
  model: string | null;
  port: string;
  usb_location: string | null;
  operator: string;
  station_id: string;
  application_id: string | null;
  image_sha256: string | null;
  image_version: string | null;
  status: RunStatus;
  failed_step: string | null;
  failure_code: string | null;
  failure_zh: string | null;
  failure_en: string | null;
  started_at: string;
  finished_at: string | null;
}

/**
 * The station outbox as the provisioning records see it (electron/services/sync/station-outbox.ts):
 * told inside the transaction that finishes a run, or records a restock or scrap, so the record and
 * its push to the hub commit together.
 */
export interface EvidenceHubHook {
  finished(evidence: EvidenceStore, runId: string): void;
  restocked(restock: RestockRecord & { readonly id: number }): void;
}

/**
 * The provisioning tables (migration 0005). Every write commits in one transaction with its audit
 * record; the audit line carries a summary (ids, codes, hashes), the evidence row the whole picture.
 */
export class EvidenceStore {
  constructor(
    private readonly db: Db,
    private readonly audit: Pick<AuditLog, 'append'>,
    private readonly clock: Clock,
    /** Absent where nothing goes to a hub. */
    private readonly hub?: EvidenceHubHook,
  ) {}

  startRun(run: {
    id: string;
    port: string;
    usbLocation: string | null;
    operator: string;
    stationId: string;
    applicationId: string | null;
    /** Default 'provision'. */
    kind?: RunKind;
  }): void {
    const kind = run.kind ?? 'provision';
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO provisioning_runs (id, kind, port, usb_location, operator, station_id, application_id, status, started_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
        )
        .run(
          run.id,
          kind,
          run.port,
          run.usbLocation,
          run.operator,
          run.stationId,
          run.applicationId,
          this.now(),
        );
      this.audit.append({
        actor: run.operator,
        action: 'provisioning.started',
        subject: `run:${run.id}`,
        // Which process holds the run: at the next start a run whose process is gone is interrupted.
        details: {
          port: run.port,
          applicationId: run.applicationId,
          ...(kind === 'provision' ? {} : { kind }),
          pid: process.pid,
          host: hostname(),
        },
      });
    });
  }

  /**
   * Appends one step's evidence; `summary` goes to the audit line, `data` to the evidence sheet.
   * `set` updates the run's columns in the same transaction.
   */
  record(
    runId: string,
    entry: {
      step: EvidenceStep;
      outcome: EvidenceOutcome;
      actor: string;
      data: EvidenceData;
      summary: EvidenceData;
      set?: Partial<Pick<RunRecord, 'serial' | 'model' | 'imageSha256' | 'imageVersion' | 'status'>>;
    },
  ): EvidenceRecord {
    return this.write(() => {
      const at = this.now();
      const seq = Number(
        this.db
          .prepare(
            'INSERT INTO provisioning_evidence (run_id, step, outcome, actor, at, data) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(runId, entry.step, entry.outcome, entry.actor, at, JSON.stringify(entry.data)).lastInsertRowid,
      );
      const set = entry.set ?? {};
      const columns: [string, string | null | undefined][] = [
        ['serial', set.serial],
        ['model', set.model],
        ['image_sha256', set.imageSha256],
        ['image_version', set.imageVersion],
        ['status', set.status],
      ];
      for (const [column, value] of columns) {
        if (value !== undefined)
          this.db.prepare(`UPDATE provisioning_runs SET ${column} = ? WHERE id = ?`).run(value, runId);
      }
      this.audit.append({
        actor: entry.actor,
        action: `provisioning.${entry.step}.${entry.outcome}`,
        subject: `run:${runId}`,
        details: entry.summary,
      });
      return { seq, step: entry.step, outcome: entry.outcome, actor: entry.actor, at, data: entry.data };
    });
  }

  finish(runId: string, actor: string, status: 'succeeded' | 'refused' | 'failed', failure?: Failure): void {
    this.write(() => {
      this.db
        .prepare(
          `UPDATE provisioning_runs SET status = ?, failed_step = ?, failure_code = ?, failure_zh = ?,
             failure_en = ?, finished_at = ? WHERE id = ?`,
        )
        .run(
          status,
          failure?.step ?? null,
          failure?.code ?? null,
          failure?.zh ?? null,
          failure?.en ?? null,
          this.now(),
          runId,
        );
      this.audit.append({
        actor,
        action: `provisioning.${status}`,
        subject: `run:${runId}`,
        details: failure ? { step: failure.step, code: failure.code } : {},
      });
      this.hub?.finished(this, runId);
    });
  }

  /** The ship record and the run's success, together. */
  ship(shipment: Omit<ShipmentRecord, 'shippedAt'>): ShipmentRecord {
    return this.write(() => {
      const shippedAt = this.now();
      this.db
        .prepare(
          `INSERT INTO shipments (id, run_id, serial, application_id, settlement_card_masked, limit_profile,
             image_sha256, operator, shipped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          shipment.id,
          shipment.runId,
          shipment.serial,
          shipment.applicationId,
          shipment.settlementCardMasked,
          shipment.limitProfile,
          shipment.imageSha256,
          shipment.operator,
          shippedAt,
        );
      this.audit.append({
        actor: shipment.operator,
        action: 'provisioning.shipped',
        subject: `device:${shipment.serial}`,
        details: {
          run: shipment.runId,
          applicationId: shipment.applicationId,
          imageSha256: shipment.imageSha256,
          limitProfile: shipment.limitProfile,
        },
      });
      return { ...shipment, shippedAt };
    });
  }

  /** Runs not finished (running or paused), oldest first. */
  openRuns(): RunRecord[] {
    const rows = this.db
      .prepare(
        "SELECT * FROM provisioning_runs WHERE status IN ('running', 'paused') ORDER BY started_at, rowid",
      )
      .all() as RunRow[];
    return rows.map(toRun);
  }

  /** The process that started a run (from its audit record), if recorded. */
  runOwner(runId: string): { pid: number; host: string } | undefined {
    const row = this.db
      .prepare("SELECT details FROM audit_log WHERE subject = ? AND action = 'provisioning.started' LIMIT 1")
      .get(`run:${runId}`) as { details: string } | undefined;
    if (!row) return undefined;
    const details = JSON.parse(row.details) as { pid?: unknown; host?: unknown };
    return typeof details.pid === 'number' && typeof details.host === 'string'
      ? { pid: details.pid, host: details.host }
      : undefined;
  }

  /**
   * Ends a run whose station process died mid-way: the step it was in, marked interrupted, with the
   * evidence it had; `unitReport` pending until the unit is seen again.
   */
  interrupt(runId: string, actor: string, failure: (step: string) => Failure): RunRecord | undefined {
    return this.write(() => {
      const run = this.run(runId);
      if (!run || (run.status !== 'running' && run.status !== 'paused')) return undefined;
      const done = this.evidence(runId).filter((e) => e.outcome === 'ok' && e.step !== 'link');
      const last = done[done.length - 1]?.step;
      const step =
        last === undefined
          ? 'identify'
          : (PIPELINE_STEPS[(PIPELINE_STEPS as readonly string[]).indexOf(last) + 1] ?? last);
      this.record(runId, {
        step: 'link',
        outcome: 'failed',
        actor,
        data: {
          interrupted: true,
          during: step,
          wasStatus: run.status,
          awaitingUnitReport: run.serial !== null,
        },
        summary: { interrupted: true, during: step },
      });
      this.finish(runId, actor, 'failed', failure(step));
      return this.run(runId);
    });
  }

  /** Interrupted runs of this unit whose evidence still lacks what the unit reports now. */
  awaitingUnitReport(serial: string): RunRecord[] {
    const rows = this.db
      .prepare(
        `SELECT r.* FROM provisioning_runs r WHERE r.serial = ? AND r.failure_code = 'interrupted'
           AND NOT EXISTS (SELECT 1 FROM provisioning_evidence e WHERE e.run_id = r.id
                            AND json_extract(e.data, '$.afterInterruption') = 1)
         ORDER BY r.started_at, r.rowid`,
      )
      .all(serial) as RunRow[];
    return rows.map(toRun);
  }

  run(runId: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM provisioning_runs WHERE id = ?').get(runId) as
      RunRow | undefined;
    return row && toRun(row);
  }

  /** The latest runs first; `serial` narrows to one unit's history. */
  runs(options: { serial?: string; limit?: number } = {}): RunRecord[] {
    const rows = (
      options.serial
        ? this.db
            .prepare(
              'SELECT * FROM provisioning_runs WHERE serial = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
            )
            .all(options.serial, options.limit ?? 100)
        : this.db
            .prepare('SELECT * FROM provisioning_runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
            .all(options.limit ?? 100)
    ) as RunRow[];
    return rows.map(toRun);
  }

  evidence(runId: string): EvidenceRecord[] {
    const rows = this.db
      .prepare(
        'SELECT seq, step, outcome, actor, at, data FROM provisioning_evidence WHERE run_id = ? ORDER BY seq',
      )
      .all(runId) as {
      seq: number;
      step: EvidenceStep;
      outcome: EvidenceOutcome;
      actor: string;
      at: string;
      data: string;
    }[];
    return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as EvidenceData }));
  }

  shipment(runId: string): ShipmentRecord | undefined {
    const row = this.db.prepare('SELECT * FROM shipments WHERE run_id = ?').get(runId) as
      ShipmentRow | undefined;
    return row && toShipment(row);
  }

  /** The unit's latest ship record, if it was ever shipped from this station. */
  shipmentOfSerial(serial: string): ShipmentRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM shipments WHERE serial = ? ORDER BY shipped_at DESC, rowid DESC LIMIT 1')
      .get(serial) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  /** The ship record of the unit bound to this application, if one was shipped. */
  shipmentOfApplication(applicationId: string): ShipmentRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM shipments WHERE application_id = ? ORDER BY shipped_at DESC LIMIT 1')
      .get(applicationId) as ShipmentRow | undefined;
    return row && toShipment(row);
  }

  /** How many units this operator shipped at or after `since` (ISO +08:00, as stored). */
  shippedSince(since: string, operator: string): number {
    const row = this.db
      .prepare('SELECT COUNT(*) AS n FROM shipments WHERE operator = ? AND shipped_at >= ?')
      .get(operator, since) as { n: number };
    return row.n;
  }

  /**
   * Records a unit back in stock (refurbished) or scrapped, with its audit line. Inside the caller's
   * transaction when there is one, so the case and the run finish with it.
   */
  restock(entry: Omit<RestockRecord, 'at'>): RestockRecord {
    return this.write(() => {
      const at = this.now();
      const id = Number(
        this.db
          .prepare(
            'INSERT INTO device_restocks (serial, kind, run_id, case_id, reason, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(entry.serial, entry.kind, entry.runId, entry.caseId, entry.reason, entry.actor, at)
          .lastInsertRowid,
      );
      this.audit.append({
        actor: entry.actor,
        action: `device.${entry.kind}`,
        subject: `device:${entry.serial}`,
        details: {
          run: entry.runId,
          caseId: entry.caseId,
          ...(entry.reason ? { reason: entry.reason } : {}),
        },
      });
      this.hub?.restocked({ ...entry, at, id });
      return { ...entry, at };
    });
  }

  /** The unit's latest return to stock or scrapping, if any. */
  latestRestock(serial: string): RestockRecord | undefined {
    return this.db
      .prepare(
        `SELECT serial, kind, run_id AS runId, case_id AS caseId, reason, actor, at FROM device_restocks
          WHERE serial = ? ORDER BY at DESC, id DESC LIMIT 1`,
      )
      .get(serial) as RestockRecord | undefined;
  }

  /** The last genuine verdict this station recorded for the unit (any run), or undefined. */
  lastVerdict(serial: string): { genuine: boolean; code: string; runId: string; at: string } | undefined {
    const row = this.db
      .prepare(
        `SELECT e.run_id, e.at, e.data FROM provisioning_evidence e JOIN provisioning_runs r ON r.id = e.run_id
          WHERE r.serial = ? AND e.step = 'genuine' ORDER BY e.seq DESC LIMIT 1`,
      )
      .get(serial) as { run_id: string; at: string; data: string } | undefined;
    if (!row) return undefined;
    const data = JSON.parse(row.data) as { genuine?: unknown; code?: unknown };
    return { genuine: data.genuine === true, code: String(data.code ?? ''), runId: row.run_id, at: row.at };
  }

  private now(): string {
    return shanghaiIso(this.clock.now());
  }

  private write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}

interface ShipmentRow {
  id: string;
  run_id: string;
  serial: string;
  application_id: string | null;
  settlement_card_masked: string | null;
  limit_profile: string | null;
  image_sha256: string;
  operator: string;
  shipped_at: string;
}

function toShipment(row: ShipmentRow): ShipmentRecord {
  return {
    id: row.id,
    runId: row.run_id,
    serial: row.serial,
    applicationId: row.application_id,
    settlementCardMasked: row.settlement_card_masked,
    limitProfile: row.limit_profile,
    imageSha256: row.image_sha256,
    operator: row.operator,
    shippedAt: row.shipped_at,
  };
}

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    serial: row.serial,
    model: row.model,
    port: row.port,
    usbLocation: row.usb_location,
    operator: row.operator,
    stationId: row.station_id,
    applicationId: row.application_id,
    imageSha256: row.image_sha256,
    imageVersion: row.image_version,
    status: row.status,
    failedStep: row.failed_step,
    failureCode: row.failure_code,
    failureZh: row.failure_zh,
    failureEn: row.failure_en,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
