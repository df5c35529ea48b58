import type { EvidenceData } from '../../evidence/evidence-store';
import type { ApprovedApplication, LimitProfile } from '../binding';
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
