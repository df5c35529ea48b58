import type { CallContext } from '../../../contract/context';
import type { HandlersFor } from '../../../contract/handler';
import type { makersCalls } from '../../../contract/makers';
import type { TrustedMakers } from './trusted-makers';

function actorOf(ctx: CallContext): string {
  return ctx.operator?.username ?? `${ctx.via}:unknown`;
}

export function createMakersHandlers(makers: TrustedMakers): HandlersFor<typeof makersCalls> {
  return {
    'makers.list': () => ({ makers: makers.list() }),
    'makers.propose': (input, ctx) => ({ maker: makers.propose(actorOf(ctx), input) }),
    'makers.approve': (input, ctx) => ({ maker: makers.approve(actorOf(ctx), input.id) }),
    'makers.withdraw': (input, ctx) => ({ maker: makers.withdraw(actorOf(ctx), input.id, input.reason) }),
  };
}
