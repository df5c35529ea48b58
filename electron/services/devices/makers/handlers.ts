import type { CallContext } from '../../../contract/context';
import type { HandlersFor } from '../../../contract/handler';
import type { makersCalls } from '../../../contract/makers';
import type { HubMakers } from '../../sync/hub-makers';
import type { TrustedMakers } from './trusted-makers';

function actorOf(ctx: CallContext): string {
  return ctx.operator?.username ?? `${ctx.via}:unknown`;
}

/**
 * A standalone station changes its own makers; an enrolled one asks the hub (whose set it then
 * trusts, as pulled) and waits for its answer.
 */
export function createMakersHandlers(
  makers: TrustedMakers,
  hub?: HubMakers,
): HandlersFor<typeof makersCalls> {
  const at = () => (hub?.enrolled ? hub : null);
  return {
    'makers.list': () => ({ makers: makers.list() }),
    'makers.propose': async (input, ctx) => ({
      maker: await (at()?.propose(actorOf(ctx), input) ?? makers.propose(actorOf(ctx), input)),
    }),
    'makers.approve': async (input, ctx) => ({
      maker: await (at()?.approve(actorOf(ctx), input.id) ?? makers.approve(actorOf(ctx), input.id)),
    }),
    'makers.withdraw': async (input, ctx) => ({
      maker: await (at()?.withdraw(actorOf(ctx), input.id, input.reason) ??
        makers.withdraw(actorOf(ctx), input.id, input.reason)),
    }),
  };
}
