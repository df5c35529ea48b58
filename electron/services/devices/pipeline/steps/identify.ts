import type { Identity } from '../../../../../native/client/terminal-client';
import { identityEvidence, type RunContext } from '../run-context';

/** IDENTITY: who is on the port; the run takes the unit's serial and model from here on. */
export async function identifyStep(ctx: RunContext): Promise<Identity> {
  ctx.enter('identify');
  const id = await ctx.step((c) => c.identity());
  ctx.identity = id;
  ctx.serial = id.serial;
  ctx.hooks.onIdentity?.(id);
  ctx.ev.record(ctx.runId, {
    step: 'identify',
    outcome: 'ok',
    actor: ctx.actor,
    data: { identity: identityEvidence(id), link: { ...(ctx.client.session ?? {}) } },
    summary: { serial: id.serial, model: id.model, firmwareVersion: id.firmwareVersion },
    set: { serial: id.serial, model: id.model },
  });
  return id;
}
