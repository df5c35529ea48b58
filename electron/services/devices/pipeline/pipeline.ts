import type { TerminalClient } from '../../../../native/client/terminal-client';
import { newEvidenceId, type EvidenceStep } from '../evidence/evidence-store';
import { admit, requireBox } from './admission';
import { stopFromError, type PipelineStop } from './failures';
import type { PipelineDeps, PipelineHooks, PipelineOutcome, PipelineRequest } from './pipeline-types';
import { RunContext } from './run-context';
import { bindStep } from './steps/bind';
import { flashStep } from './steps/flash';
import { freezeSyncStep } from './steps/freeze-sync';
import { genuineStep } from './steps/genuine';
import { identifyStep } from './steps/identify';
import { selfTestStep } from './steps/selftest';
import { shipStep } from './steps/ship';

export * from './pipeline-types';
export { MAX_PAUSES_PER_STEP } from './run-context';
export { MAX_BOOT_TRIES } from './steps/flash';

/** Ends the run with its stop: the step's refusal or failure as evidence (unless written), then the run. */
export function stopRun(ctx: RunContext, stop: PipelineStop): PipelineOutcome {
  if (!stop.recorded) {
    ctx.ev.record(ctx.runId, {
      step: stop.failure.step as EvidenceStep,
      outcome: stop.status === 'refused' ? 'refused' : 'failed',
      actor: ctx.actor,
      data: { code: stop.failure.code, zh: stop.failure.zh, en: stop.failure.en },
      summary: { code: stop.failure.code },
    });
  }
  ctx.ev.finish(ctx.runId, ctx.actor, stop.status, stop.failure);
  return {
    runId: ctx.runId,
    status: stop.status,
    failure: stop.failure,
    serial: ctx.serial,
    verdict: ctx.verdict,
    shipment: null,
  };
}

/**
 * One terminal through identify → admission → genuine check → flash → bind → self-test → ship
 * record. Every step leaves evidence; nothing is written to the unit before the admission (unit
 * not shipped, bound or quarantined; application approved and free; box scanned) and the genuine
 * check passed. A unit that drops off pauses the run, which continues when the same unit is back
 * (re-proved genuine first) — a flash resumes by content.
 */
export async function runPipeline(
  initialClient: TerminalClient,
  port: { readonly name: string; readonly usbLocation: string | null },
  request: PipelineRequest,
  deps: PipelineDeps,
  hooks: PipelineHooks,
): Promise<PipelineOutcome> {
  const ctx = new RunContext(newEvidenceId(), initialClient, request, deps, hooks);
  deps.evidence.startRun({
    id: ctx.runId,
    port: port.name,
    usbLocation: port.usbLocation,
    operator: request.operator,
    stationId: deps.stationId,
    applicationId: request.applicationId,
  });
  hooks.onStarted?.(ctx.runId);
  try {
    const id = await identifyStep(ctx);
    await freezeSyncStep(ctx, id);
    const application = admit(ctx, id);
    await genuineStep(ctx, id);
    requireBox(ctx, id.serial);
    const onTrial = await flashStep(ctx);
    const binding = await bindStep(ctx, application);
    await selfTestStep(ctx, onTrial);
    const shipment = shipStep(ctx, binding);
    ctx.ev.finish(ctx.runId, ctx.actor, 'succeeded');
    return {
      runId: ctx.runId,
      status: 'succeeded',
      failure: null,
      serial: ctx.serial,
      verdict: ctx.verdict,
      shipment,
    };
  } catch (error) {
    return stopRun(ctx, stopFromError(ctx.current, error));
  }
}
