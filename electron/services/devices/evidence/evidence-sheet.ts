import type { EvidenceRecord, EvidenceStore, RunRecord, ShipmentRecord } from './evidence-store';

/** One unit's provisioning run as shown and exported: who, when, and what each step saw. */
export interface EvidenceSheet {
  readonly run: RunRecord;
  readonly evidence: readonly EvidenceRecord[];
  readonly shipment: ShipmentRecord | null;
}

export function evidenceSheet(store: EvidenceStore, runId: string): EvidenceSheet | undefined {
  const run = store.run(runId);
  if (!run) return undefined;
  return { run, evidence: store.evidence(runId), shipment: store.shipment(runId) ?? null };
}
