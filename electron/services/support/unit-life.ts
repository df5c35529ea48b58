import type { Db } from '../../store/database';
import type { EvidenceStore } from '../devices/evidence/evidence-store';
import type { RegistryEntry, RegistryReader } from '../devices/registry/registry-entry';
import type { CaseRecord } from './case-rows';

/**
 * Everything the station holds about one unit, oldest first, for the case page: the registry
 * entry (manufacture batch, mode, status), each provisioning run with its genuine check and
 * binding, the shipments, the after-sales cases and every freeze, unfreeze or revocation. Read
 * only: the devices service owns all of it but the cases.
 */
export interface GenuineCheck {
  readonly at: string;
  readonly genuine: boolean;
  readonly code: string;
  /** The first reason, in both languages, when the check refused the unit. */
  readonly reasonZh: string | null;
  readonly reasonEn: string | null;
}

export interface RunLife {
  readonly runId: string;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly operator: string;
  readonly imageVersion: string | null;
  readonly failureZh: string | null;
  readonly failureEn: string | null;
  readonly genuineChecks: readonly GenuineCheck[];
  readonly shipment: {
    readonly shippedAt: string;
    readonly applicationId: string | null;
    readonly settlementCardMasked: string | null;
    readonly limitProfile: string | null;
  } | null;
}

export interface StatusChange {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly reason: string | null;
}

export interface UnitLife {
  readonly serial: string;
  readonly registry: RegistryEntry | null;
  readonly runs: readonly RunLife[];
  readonly statusChanges: readonly StatusChange[];
  readonly cases: readonly CaseRecord[];
}

/** The audit actions the registry writes for a unit's status (registry-audit.ts). */
const STATUS_ACTIONS = ['device.frozen', 'device.unfrozen', 'device.revoked'];
const MAX_RUNS = 50;

export function unitLife(
  deps: { db: Db; registry: RegistryReader; evidence: EvidenceStore },
  serial: string,
  cases: readonly CaseRecord[],
): UnitLife {
  const runs = deps.evidence
    .runs({ serial, limit: MAX_RUNS })
    .reverse()
    .map((run): RunLife => {
      const genuineChecks = deps.evidence
        .evidence(run.id)
        .filter((e) => e.step === 'genuine' && typeof e.data.code === 'string')
        .map((e) => {
          const reasons = Array.isArray(e.data.reasons) ? e.data.reasons : [];
          const first = reasons[0] as { message_zh?: unknown; message_en?: unknown } | undefined;
          return {
            at: e.at,
            genuine: e.data.genuine === true,
            code: String(e.data.code),
            reasonZh: typeof first?.message_zh === 'string' ? first.message_zh : null,
            reasonEn: typeof first?.message_en === 'string' ? first.message_en : null,
          };
        });
      const shipment = deps.evidence.shipment(run.id);
      return {
        runId: run.id,
        status: run.status,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt,
        operator: run.operator,
        imageVersion: run.imageVersion,
        failureZh: run.failureZh,
        failureEn: run.failureEn,
        genuineChecks,
        shipment: shipment
          ? {
              shippedAt: shipment.shippedAt,
              applicationId: shipment.applicationId,
              settlementCardMasked: shipment.settlementCardMasked,
              limitProfile: shipment.limitProfile,
            }
          : null,
      };
    });
  const statusChanges = (
    deps.db
      .prepare(
        `SELECT at, actor, action, details FROM audit_log WHERE subject = ? AND action IN (${STATUS_ACTIONS.map(() => '?').join(',')}) ORDER BY seq`,
      )
      .all(`device:${serial}`, ...STATUS_ACTIONS) as {
      at: string;
      actor: string;
      action: string;
      details: string;
    }[]
  ).map((r) => {
    const details = JSON.parse(r.details) as { reason?: unknown };
    return {
      at: r.at,
      actor: r.actor,
      action: r.action,
      reason: typeof details.reason === 'string' ? details.reason : null,
    };
  });
  return { serial, registry: deps.registry.lookup(serial) ?? null, runs, statusChanges, cases };
}

/** The application a unit was last shipped against, from the station's shipment records. */
export function lastShippedApplication(evidence: EvidenceStore, serial: string): string | null {
  for (const run of evidence.runs({ serial, limit: MAX_RUNS })) {
    const shipment = run.status === 'succeeded' ? evidence.shipment(run.id) : undefined;
    if (shipment) return shipment.applicationId;
  }
  return null;
}
