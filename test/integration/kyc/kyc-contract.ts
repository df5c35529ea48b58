import { expect } from 'vitest';
import type { CallContext, Operator } from '../../../electron/contract/context';
import { createDispatcher, type HandlerTable } from '../../../electron/contract/dispatch';
import type { Envelope } from '../../../electron/contract/errors';
import { kycCalls } from '../../../electron/contract/kyc';
import { createKycHandlers } from '../../../electron/services/kyc/handlers';
import { openKycTestStore, type KycTestStore } from '../../unit/kyc-workflow/fixtures';

const as = (id: string, role: Operator['role']): CallContext => ({
  operator: { id, username: id, displayName: id.toUpperCase(), role },
  sessionId: `session-${id}`,
  via: 'host',
});
export const rita = as('rita', 'reviewer');
export const sam = as('sam', 'senior_reviewer');
export const admin = as('root', 'admin');
export const walt = as('walt', 'warehouse');
export const sophie = as('sophie', 'support');

export interface KycContract {
  readonly store: KycTestStore;
  readonly dispatch: ReturnType<typeof createDispatcher>;
  /** The value of a call that has to succeed. */
  ok<T>(name: string, input: unknown, ctx: CallContext): Promise<T>;
  /** Closes the store; nothing the dispatcher caught may have been logged as an error meanwhile. */
  close(): void;
}

/** The KYC calls through the real dispatcher (roles, input parsing, handlers) over a fresh store. */
export function openKycContract(now: string): KycContract {
  const store = openKycTestStore(now);
  const logged: unknown[] = [];
  const dispatch = createDispatcher(
    kycCalls,
    createKycHandlers({ kyc: store.ctx }) as unknown as HandlerTable,
    {
      error: (message, detail) => logged.push({ message, detail }),
    },
  );
  return {
    store,
    dispatch,
    async ok<T>(name: string, input: unknown, ctx: CallContext): Promise<T> {
      const result = (await dispatch(name, input, ctx)) as Envelope<T>;
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    close() {
      store.close();
      expect(logged).toEqual([]);
    },
  };
}
