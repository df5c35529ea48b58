import { ACCOUNT_POLICY } from './policy';

/** Failed sign-ins counted against one account name or one client, and when the next try may come. */
export interface ThrottleState {
  readonly failures: number;
  /** Epoch ms: the last failure plus its wait (0 before any failure). */
  readonly nextAttemptAt: number;
}

export const FRESH: ThrottleState = { failures: 0, nextAttemptAt: 0 };

/**
 * The wait after `failures` failures: none before the fifth (typing mistakes), then doubling
 * from one second up to a short ceiling. A ceiling, not a lock: whoever hammers an account (the
 * admin's, say) slows guessing to a crawl but can never keep its owner out for more than that.
 */
export function delayAfter(failures: number, policy = ACCOUNT_POLICY.signInThrottle): number {
  const over = failures - policy.freeFailures;
  if (over < 0) return 0;
  return Math.min(policy.baseDelayMs * 2 ** Math.min(over, 30), policy.maxDelayMs);
}

/** The state as of `now`: a run of failures is forgotten some time after its last wait ended. */
export function current(state: ThrottleState, now: number): ThrottleState {
  return state.failures > 0 && now >= state.nextAttemptAt + ACCOUNT_POLICY.signInThrottle.forgetAfterMs
    ? FRESH
    : state;
}

export function waitMs(state: ThrottleState, now: number): number {
  return Math.max(0, current(state, now).nextAttemptAt - now);
}

export function afterFailure(state: ThrottleState, now: number): ThrottleState {
  const failures = current(state, now).failures + 1;
  return { failures, nextAttemptAt: now + delayAfter(failures) };
}

/**
 * Throttle state for names that are not accounts, in memory only: the same slowing as for a real
 * account (so the answers cannot tell them apart) without writing typed names — often passwords
 * typed into the wrong field — anywhere. Bounded, oldest forgotten first.
 */
export function createNameThrottle(limit = 10_000) {
  const states = new Map<string, ThrottleState>();
  return {
    get: (name: string, now: number): ThrottleState => current(states.get(name) ?? FRESH, now),
    set(name: string, state: ThrottleState): void {
      states.delete(name);
      states.set(name, state);
      if (states.size > limit) states.delete(states.keys().next().value!);
    },
  };
}
