import type { EvidenceStore } from '../../../electron/services/devices/evidence/evidence-store';

/**
 * A provisioning run on `serial` by the hub's warehouse operator `store`, from its start to its
 * final transaction: identified, shipped when `ship`, finished as succeeded.
 */
export function finishedRun(evidence: EvidenceStore, runId: string, serial: string, ship = false): void {
  evidence.startRun({
    id: runId,
    port: 'p1',
    usbLocation: null,
    operator: 'store',
    stationId: 'test',
    applicationId: null,
  });
  evidence.record(runId, {
    step: 'identify',
    outcome: 'ok',
    actor: 'store',
    data: {},
    summary: {},
    set: { serial },
  });
  if (ship)
    evidence.ship({
      id: `${runId}s`,
      runId,
      serial,
      applicationId: null,
      settlementCardMasked: null,
      limitProfile: null,
      imageSha256: 'ab'.repeat(32),
      operator: 'store',
    });
  evidence.finish(runId, 'store', 'succeeded');
}
