import type { EvidenceData } from '../../evidence/evidence-store';
import type { ApprovedApplication, LimitProfile } from '../binding';
import { PipelineStop, stationFailure } from '../failures';
import type { HubRegistryAnswer } from '../pipeline-types';
import type { RunContext } from '../run-context';

export interface Binding {
  readonly applicationId: string;
  readonly card: string;
  readonly profile: LimitProfile;
}

/** Writes the application, the masked settlement card and the limit profile to the unit. */
export async function bindStep(
  ctx: RunContext,
  application: ApprovedApplication | null,
): Promise<Binding | null> {
  ctx.enter('bind');
  const { ev, runId, actor, request } = ctx;
  if (application === null) {
    ev.record(runId, {
      step: 'bind',
      outcome: 'ok',
      actor,
      data: { skipped: 'no application' },
      summary: { skipped: true },
    });
    return null;
  }
  const hubCheck = await checkWithHub(ctx);
  const profile = ctx.deps.limitProfile({
    questionnaireAnswered: request.questionnaireAnswered,
    accountClass: request.accountClass,
  });
  await ctx.step((c) =>
    c.bind({
      applicationId: application.id,
      settlementCard: application.settlementCardMasked,
      limitProfile: profile.id,
      questionnaireAnswered: profile.questionnaireAnswered,
      limits: profile.limits,
    }),
  );
  const data: EvidenceData = {
    applicationId: application.id,
    settlementCardMasked: application.settlementCardMasked,
    limitProfile: profile.id,
    questionnaireAnswered: profile.questionnaireAnswered,
    accountClass: request.accountClass,
    limits: profile.limits.map((l) => ({ ...l })),
    ...(hubCheck ? { hubCheck: { status: hubCheck.status, source: hubCheck.source } } : {}),
  };
  ev.record(runId, {
    step: 'bind',
    outcome: 'ok',
    actor,
    data,
    summary: { applicationId: application.id, limitProfile: profile.id },
  });
  return { applicationId: application.id, card: application.settlementCardMasked, profile };
}

/**
 * On a station synced with a hub: the hub's registry is asked fresh just before the unit is bound
 * (a freeze made at another station a moment ago stops it here); when the hub cannot be reached,
 * the pulled copy decides. The answer and where it came from are part of the evidence.
 */
async function checkWithHub(ctx: RunContext): Promise<HubRegistryAnswer | null> {
  const check = ctx.deps.hubRegistry;
  if (!check || ctx.serial === null) return null;
  let answer;
  try {
    answer = await check.beforeBinding(ctx.serial);
  } catch (error) {
    throw new PipelineStop(
      'failed',
      stationFailure('bind', 'hub_check_failed', error instanceof Error ? error.message : String(error)),
    );
  }
  if (answer.status === 'frozen' || answer.status === 'revoked') {
    const failure = stationFailure(
      'bind',
      answer.status === 'frozen' ? 'hub_frozen' : answer.scrapped ? 'hub_scrapped' : 'hub_revoked',
      `${answer.reason ?? '—'}; asked: ${answer.source}`,
    );
    ctx.ev.record(ctx.runId, {
      step: 'bind',
      outcome: 'refused',
      actor: ctx.actor,
      data: {
        code: failure.code,
        zh: failure.zh,
        en: failure.en,
        hubStatus: answer.status,
        ...(answer.scrapped ? { scrapped: true } : {}),
        source: answer.source,
      },
      summary: { code: failure.code, source: answer.source },
    });
    throw new PipelineStop('refused', failure, true);
  }
  return answer;
}
