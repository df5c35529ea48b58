import type { Command } from 'commander';
import {
  contractCalls,
  type CallInput,
  type CallName,
  type CallOutput,
  type ContractCalls,
} from '../contract';
import type { CallContext, Operator } from '../contract/context';
import { createDispatcher, type CallTable, type HandlerTable } from '../contract/dispatch';
import type { ContractErrorShape } from '../contract/errors';
import type { HandlersFor } from '../contract/handler';
import { cliOperator } from './cli-actor';
import type { CliIo } from './cli-io';

/** A call the gate refused (role, input schema, or the service's rule), as the window would see it. */
export class GateRefusal extends Error {
  constructor(
    readonly call: string,
    readonly error: ContractErrorShape,
  ) {
    super(error.message);
    this.name = 'GateRefusal';
  }
}

/** The contract calls a command makes, each through the one dispatcher, as its CLI operator. */
export interface CliGate<N extends CallName> {
  readonly operator: Operator;
  call<K extends N>(name: K, input: CallInput<K>): Promise<CallOutput<K>>;
}

/**
 * The same gate the window and the browser host use (contract/dispatch: role → zod input →
 * handler → output), over the handlers a command needs. The context says 'cli', and the handlers
 * record the CLI operator (`cli:<os user>`) in every audit record they write.
 */
export function createCliGate<N extends CallName>(
  handlers: Pick<HandlersFor<ContractCalls>, N>,
  operator: Operator,
  io: Pick<CliIo, 'err'>,
): CliGate<N> {
  const names = Object.keys(handlers) as N[];
  const calls: CallTable = Object.fromEntries(names.map((name) => [name, contractCalls[name]]));
  const dispatch = createDispatcher(calls, handlers as unknown as HandlerTable, {
    // The operator at the terminal sees what broke (the window's log gets the same line).
    error: (message, detail) =>
      io.err(
        `${message} (${detail.call}): ${detail.error instanceof Error ? detail.error.message : 'see above'}\n`,
      ),
  });
  const ctx: CallContext = { operator, sessionId: null, via: 'cli' };
  return {
    operator,
    async call(name, input) {
      const envelope = await dispatch(name, input, ctx);
      if (!envelope.ok) {
        const hint =
          envelope.error.code === 'forbidden' && envelope.error.reason === undefined
            ? ` The command line acts as '${operator.role}' (--as, $POS_STATION_ROLE).`
            : '';
        throw new GateRefusal(name, { ...envelope.error, message: `${envelope.error.message}${hint}` });
      }
      return envelope.value as CallOutput<typeof name>;
    },
  };
}

/** The gate for one command run: the operator comes from the command's `--as` (or its default). */
export function cliGateFor<N extends CallName>(
  command: Command | undefined,
  handlers: Pick<HandlersFor<ContractCalls>, N>,
  io: Pick<CliIo, 'err'>,
): CliGate<N> {
  return createCliGate(handlers, cliOperator(command), io);
}
