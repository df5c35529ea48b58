import type { Identity, TerminalClient } from '../../../../native/client/terminal-client';
import type { Operator } from '../../../contract/context';
import type { Db } from '../../../store/database';
import { newEvidenceId } from '../../devices/evidence/evidence-store';
import { PipelineStop, stationFailure, stopFromError } from '../../devices/pipeline/failures';
import type { LoadedImage } from '../../devices/pipeline/firmware-catalog';
import { stopRun } from '../../devices/pipeline/pipeline';
import type { PipelineDeps, PipelineHooks, PipelineOutcome } from '../../devices/pipeline/pipeline-types';
import { RunContext } from '../../devices/pipeline/run-context';
import { flashStep } from '../../devices/pipeline/steps/flash';
import { freezeSyncStep } from '../../devices/pipeline/steps/freeze-sync';
import { genuineStep } from '../../devices/pipeline/steps/genuine';
import { identifyStep } from '../../devices/pipeline/steps/identify';
import { selfTestStep } from '../../devices/pipeline/steps/selftest';
import type { Cases } from '../cases';
import { resetStep } from './reset-step';
import { restockStep } from './restock-step';

export interface RefurbishRequest {
  readonly operator: Operator;
  readonly caseId: string;
  /** The serial of the case's unit: another unit on the port is refused before anything is written. */
  readonly serial: string;
  /** The station's current firmware for the unit's model; null when it holds none (refused). */
  readonly firmware: LoadedImage | null;
}

export interface RefurbishDeps {
  /** The provisioning pipeline's own dependencies: the same registry, roots, catalogue and evidence. */
  readonly pipeline: PipelineDeps;
  readonly db: Db;
  readonly cases: Pick<Cases, 'finishWork'>;
}

/** Refuses the run at its identify step, before anything is written to the unit. */
function refuseWrongUnit(ctx: RunContext, request: RefurbishRequest, found: Identity): PipelineStop {
  const failure = stationFailure('identify', 'refurbish_wrong_unit', `${found.serial} ≠ ${request.serial}`);
  ctx.ev.record(ctx.runId, {
    step: 'identify',
    outcome: 'refused',
    actor: ctx.actor,
    data: {
      code: failure.code,
      zh: failure.zh,
      en: failure.en,
      caseId: request.caseId,
      expected: request.serial,
    },
    summary: { code: failure.code, caseId: request.caseId },
  });
  return new PipelineStop('refused', failure, true);
}

/**
 * A returned unit back to stock (issue 10 §5) over the provisioning pipeline's own steps: identify
 * (the case's unit, its freeze state brought in line) → genuine check, before anything is written →
 * FACTORY_RESET → the station's current firmware flashed → self-test → genuine check again → back to
 * stock with the case, in one transaction. Any stop before that last step leaves the unit out of
 * stock and the case refurbishing; the evidence sheet says where and why.
 */
export async function runRefurbish(
  client: TerminalClient,
  port: { readonly name: string; readonly usbLocation: string | null },
  request: RefurbishRequest,
  deps: RefurbishDeps,
  hooks: PipelineHooks,
): Promise<PipelineOutcome> {
  const ctx = new RunContext(
    newEvidenceId(),
    client,
    {
      operator: request.operator.username,
      firmware: request.firmware,
      applicationId: null,
      questionnaireAnswered: false,
      accountClass: 'I',
    },
    deps.pipeline,
    hooks,
  );
  deps.pipeline.evidence.startRun({
    id: ctx.runId,
    kind: 'refurbish',
    port: port.name,
    usbLocation: port.usbLocation,
    operator: ctx.actor,
    stationId: deps.pipeline.stationId,
    applicationId: null,
  });
  hooks.onStarted?.(ctx.runId);
  try {
    const id = await identifyStep(ctx);
    if (id.serial !== request.serial) throw refuseWrongUnit(ctx, request, id);
    await freezeSyncStep(ctx, id);
    await genuineStep(ctx, id);
    if (!request.firmware)
      throw new PipelineStop('refused', stationFailure('flash', 'no_firmware', id.model));
    await resetStep(ctx);
    const onTrial = await flashStep(ctx);
    await selfTestStep(ctx, onTrial);
    await genuineStep(ctx, ctx.identity ?? id);
    restockStep(ctx, request, deps);
    return {
      runId: ctx.runId,
      status: 'succeeded',
      failure: null,
      serial: ctx.serial,
      verdict: ctx.verdict,
      shipment: null,
    };
  } catch (error) {
    return stopRun(ctx, stopFromError(ctx.current, error));
  }
}
