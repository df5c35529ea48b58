import type { RunContext } from '../../devices/pipeline/run-context';
import type { RefurbishDeps, RefurbishRequest } from './refurbish-run';

/**
 * The unit back in stock, all or nothing: the restock evidence, the stock record (its earlier
 * shipment no longer locks it), the case moved refurbishing → restocked and the run finished commit
 * together, or none of them does.
 */
export function restockStep(ctx: RunContext, request: RefurbishRequest, deps: RefurbishDeps): void {
  ctx.enter('restock');
  const { ev, runId, actor } = ctx;
  const serial = ctx.serial!;
  // The case's step note is the evidence run's id: language-free, it leads to the sheet.
  deps.db.transaction(() => {
    const entry = deps.pipeline.registry.lookup(serial);
    ev.record(runId, {
      step: 'restock',
      outcome: 'ok',
      actor,
      data: {
        caseId: request.caseId,
        registryStatus: entry?.status ?? null,
        keyFingerprint: ctx.verdict?.keyFingerprint ?? null,
        firmwareHash: ctx.runningHash,
        firmwareVersion: ctx.identity?.firmwareVersion ?? null,
      },
      summary: { caseId: request.caseId },
    });
    ev.restock({ serial, kind: 'refurbished', runId, caseId: request.caseId, reason: null, actor });
    deps.cases.finishWork(request.caseId, 'restocked', runId, request.operator);
    ev.finish(runId, actor, 'succeeded');
  })();
}
