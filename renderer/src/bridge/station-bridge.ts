import type { CallInput, CallName, CallOutput, EventName, EventPayload } from '../../../electron/contract';
import type { ContractErrorShape, Envelope } from '../../../electron/contract/errors';

/** What both shells give the renderer: the preload's object, or the loopback bridge over HTTP. */
export interface RawBridge {
  invoke(name: string, input: unknown): Promise<unknown>;
  on(event: string, callback: (payload: unknown) => void): () => void;
}

export class StationCallError extends Error {
  constructor(readonly error: ContractErrorShape) {
    super(error.message);
    this.name = 'StationCallError';
  }
}

export interface StationClient {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<N extends EventName>(event: N, callback: (payload: EventPayload<N>) => void): () => void;
}

/**
 * `onSessionLost` runs when a call finds the session gone (idle expiry, signed out elsewhere), so
 * the shell can return to the sign-in screen instead of failing call after call.
 */
export function typedClient(raw: RawBridge, onSessionLost: () => void): StationClient {
  return {
    async call(name, input) {
      const envelope = (await raw.invoke(name, input)) as Envelope<never>;
      if (!envelope.ok) {
        if (envelope.error.code === 'unauthenticated' && name !== 'session.signIn') onSessionLost();
        throw new StationCallError(envelope.error);
      }
      return envelope.value;
    },
    on(event, callback) {
      return raw.on(event, callback as (payload: unknown) => void);
    },
  };
}
