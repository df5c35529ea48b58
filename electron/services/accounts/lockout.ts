import { ACCOUNT_POLICY } from './policy';

/**
 * The sign-in lockout, one rule for the hub (server/signin.ts, in PostgreSQL) and an enrolled
 * station's offline sign-in (offline-lockout.ts, in SQLite): failures in a row lock a name, each
 * lockout in a row (no success between) twice as long as the last, up to a day. Nothing here
 * forgets with time — only a success or an admin's unlock resets the count — so a clock set back
 * cannot shorten a lock: it only makes its end further away.
 */
export interface LockoutState {
  /** Failures since the last lockout (or success). */
  readonly failures: number;
  /** Lockouts in a row with no success between: the next one lasts twice as long. */
  readonly lockouts: number;
  /** Epoch ms when the current lockout ends; null when the name never was locked since a success. */
  readonly lockedUntil: number | null;
}

export const UNLOCKED: LockoutState = { failures: 0, lockouts: 0, lockedUntil: null };

const MINUTE_MS = 60_000;

/** Minutes the n-th lockout in a row lasts (n from 1): 15, 30, 60, … up to a day. */
export function lockMinutes(n: number, policy = ACCOUNT_POLICY.signInLockout): number {
  return Math.min(policy.maxLockMinutes, policy.firstLockMinutes * 2 ** Math.min(Math.max(n, 1) - 1, 16));
}

/** When the name's lockout ends, if it is locked at `now`; null when it may try. */
export function lockedUntil(state: LockoutState, now: number): number | null {
  return state.lockedUntil !== null && now < state.lockedUntil ? state.lockedUntil : null;
}

/**
 * The state after a failed attempt at `now` (made while not locked: attempts while locked do not
 * count, so they do not lengthen it). `locked` says this failure started a lockout.
 */
export function afterFailure(
  state: LockoutState,
  now: number,
  policy = ACCOUNT_POLICY.signInLockout,
): { readonly state: LockoutState; readonly locked: boolean } {
  const failures = state.failures + 1;
  if (failures < policy.lockAfterFailures) return { state: { ...state, failures }, locked: false };
  const lockouts = state.lockouts + 1;
  return {
    state: { failures: 0, lockouts, lockedUntil: now + lockMinutes(lockouts, policy) * MINUTE_MS },
    locked: true,
  };
}
