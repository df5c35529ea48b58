import type { EvidenceStore } from '../devices/evidence/evidence-store';
import { fixedMutationId } from './fixed-mutation-id';
import type { NewMutation } from './queue';

/**
 * A finished provisioning run as the hub keeps it (append-only, docs/sync.md §3): one
 * `device.evidence` mutation with the run and its evidence, and one `device.shipment` when the unit
 * shipped. Queued like every mutation, so a station offline pushes them at its next sync. Their ids
 * follow from the run, so the hook at the run's end and the backfill after enrolment
 * (run-backfill.ts) never push one run twice.
 */
export function runMutations(evidence: EvidenceStore, runId: string, operator: string): NewMutation[] {
  const run = evidence.run(runId);
  if (!run) throw new Error(`runId: no provisioning run ${runId}`);
  if (run.serial === null) return []; // never identified: nothing to file under a unit
  const out: NewMutation[] = [
    {
      id: fixedMutationId(`run:${run.id}:evidence`),
      kind: 'device.evidence',
      operator,
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
      operator,
      payload: { serial: shipment.serial, record: { ...shipment } },
    });
  return out;
}
