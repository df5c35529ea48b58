import { newEvidenceId, type ShipmentRecord } from '../../evidence/evidence-store';
import type { RunContext } from '../run-context';
import type { Binding } from './bind';

/** The ship record: serial, application, masked card, limit profile and the image the unit attested. */
export function shipStep(ctx: RunContext, binding: Binding | null): ShipmentRecord {
  ctx.enter('ship');
  const { ev, runId, actor } = ctx;
  const shipment = ev.ship({
    id: newEvidenceId(),
    runId,
    serial: ctx.serial!,
    applicationId: binding?.applicationId ?? null,
    settlementCardMasked: binding?.card ?? null,
    limitProfile: binding?.profile.id ?? null,
    imageSha256: ctx.runningHash,
    operator: actor,
  });
  ev.record(runId, {
    step: 'ship',
    outcome: 'ok',
    actor,
    data: {
      shipmentId: shipment.id,
      shippedAt: shipment.shippedAt,
      imageSha256: ctx.runningHash,
      bound: binding !== null,
      boxScanned: ctx.request.scannedSerial !== undefined,
    },
    summary: { shipment: shipment.id },
  });
  return shipment;
}
