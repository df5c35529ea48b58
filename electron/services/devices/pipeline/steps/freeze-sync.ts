import type { Identity } from '../../../../../native/client/terminal-client';
import { syncUnitFreeze } from '../../freeze-sync';
import type { RunContext } from '../run-context';

/**
 * Right after IDENTITY, before anything else: a unit frozen in the registry receives FREEZE (a lost
 * unit is frozen on the device the first time it reaches any station), a unit whose freeze was
 * lifted receives UNFREEZE. Recorded as identify evidence; the genuine check then judges the unit.
 */
export async function freezeSyncStep(ctx: RunContext, id: Identity): Promise<void> {
  const freezes = ctx.deps.freezes;
  if (!freezes) return;
  const done = await ctx.step((c) => syncUnitFreeze(freezes, c, id, ctx.actor));
  if (done === null) return;
  ctx.identity = { ...id, frozen: done === 'froze' };
  ctx.ev.record(ctx.runId, {
    step: 'identify',
    outcome: 'ok',
    actor: ctx.actor,
    data: { freezeSync: done, reason: freezes.latest(id.serial)?.reason ?? null },
    summary: { freezeSync: done },
  });
}
