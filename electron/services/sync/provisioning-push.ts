import type { EvidenceStore } from '../devices/evidence/evidence-store';
import { fixedMutationId } from './fixed-mutation-id';
import type { NewMutation } from './queue';

/** A mutation about one unit, its id fixed by what it pushes (what the station outbox holds). */
export type UnitMutation = NewMutation & { readonly id: string; readonly serial: string };

/**
 * A finished provisioning run as the hub keeps it (append-only, docs/sync.md §3): one
 * `device.evidence` mutation with the run and its evidence, and one `device.shipment` when the unit
 * shipped, both as the run's operator. Their ids follow from the run, so the station outbox (written
 * by the run's final transaction) and the backfill after enrolment (run-backfill.ts) never push one
 * run twice. Other kinds of run (a refurbish) travel as their own kinds (support-push.ts): none here.
 */
export function runMutations(evidence: EvidenceStore, runId: string): UnitMutation[] {
  const run = evidence.run(runId);
  if (!run) throw new Error(`runId: no provisioning run ${runId}`);
  if (run.kind !== 'provision' || run.serial === null) return []; // never identified: nothing to file under a unit
  const out: UnitMutation[] = [
    {
      id: fixedMutationId(`run:${run.id}:evidence`),
      kind: 'device.evidence',
      operator: run.operator,
      serial: run.serial,
      payload: {
        serial: run.serial,
        record: {
          runId: run.id,
          status: run.status,
          stationId: run.stationId,
          startedAt: run.startedAt,
          finishedAt: run.finishedAt,
          failureCode: run.failureCode,
          imageSha256: run.imageSha256,
          steps: evidence
            .evidence(runId)
            .map((e) => ({ step: e.step, outcome: e.outcome, at: e.at, data: e.data })),
        },
      },
    },
  ];
  const shipment = evidence.shipment(runId);
  if (shipment)
    out.push({
      id: fixedMutationId(`run:${run.id}:shipment`),
      kind: 'device.shipment',
      operator: run.operator,
      serial: shipment.serial,
      payload: { serial: shipment.serial, record: { ...shipment } },
    });
  return out;
}
