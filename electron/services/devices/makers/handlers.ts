import type { CallContext } from '../../../contract/context';
import { ContractError } from '../../../contract/errors';
import type { HandlersFor } from '../../../contract/handler';
import type { makersCalls } from '../../../contract/makers';
import { MakerRefusedError } from './maker-refused';
import type { TrustedMakers } from './trusted-makers';

function actorOf(ctx: CallContext): string {
  return ctx.operator?.username ?? `${ctx.via}:unknown`;
}

/** A refusal by the rules becomes the call's error; its code picks the sentence on screen. */
function refused<T>(act: () => T): T {
  try {
    return act();
  } catch (error) {
    if (error instanceof MakerRefusedError) {
      const kind = error.code === 'not_found' ? 'not_found' : 'conflict';
      throw new ContractError(kind, error.message, error.field, `makers.${error.code}`);
    }
    throw error;
  }
}

export function createMakersHandlers(makers: TrustedMakers): HandlersFor<typeof makersCalls> {
  return {
    'makers.list': () => ({ makers: makers.list() }),
    'makers.propose': (input, ctx) => ({ maker: refused(() => makers.propose(actorOf(ctx), input)) }),
    'makers.approve': (input, ctx) => ({ maker: refused(() => makers.approve(actorOf(ctx), input.id)) }),
    'makers.withdraw': (input, ctx) => ({
      maker: refused(() => makers.withdraw(actorOf(ctx), input.id, input.reason)),
    }),
  };
}
