import type { Identity } from '../../../../../native/client/terminal-client';
import { PipelineStop } from '../failures';
import type { RunContext } from '../run-context';

/** ATTEST and the genuine check; a refused unit stops the run here, before anything is written. */
export async function genuineStep(ctx: RunContext, id: Identity): Promise<void> {
  ctx.enter('genuine');
  const proof = await ctx.step((c) => ctx.prove(c, ctx.identity ?? id));
  ctx.verdict = proof.verdict;
  ctx.hooks.onVerdict?.(proof.verdict);
  ctx.ev.record(ctx.runId, {
    step: 'genuine',
    outcome: proof.verdict.genuine ? 'ok' : 'refused',
    actor: ctx.actor,
    data: proof.data,
    summary: { code: proof.verdict.code, keyFingerprint: proof.verdict.keyFingerprint ?? null },
  });
  if (!proof.verdict.genuine) {
    const first = proof.verdict.reasons[0];
    throw new PipelineStop(
      'refused',
      { step: 'genuine', code: proof.verdict.code, zh: first?.message_zh ?? '', en: first?.message_en ?? '' },
      true,
    );
  }
}
