/**
 * The sign-in lockout rule (electron/services/accounts/lockout.ts), the one the hub and an enrolled
 * station's offline sign-in both use: 5 failures lock a name for 15 minutes, each lockout in a row
 * twice as long up to a day, attempts while locked do not count, and time — a clock set back
 * included — never forgets a failure.
 */
import {
  afterFailure,
  lockedUntil,
  lockMinutes,
  UNLOCKED,
  type LockoutState,
} from '../../../electron/services/accounts/lockout';
import { ACCOUNT_POLICY } from '../../../electron/services/accounts/policy';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-03T15:59:00Z'); // 23:59 in Shanghai: the lock ends on the next day

function fail(state: LockoutState, now: number, times: number): { state: LockoutState; lockedAt: number[] } {
  const lockedAt: number[] = [];
  for (let i = 0; i < times; i++) {
    const next = afterFailure(state, now);
    if (next.locked) lockedAt.push(i + 1);
    state = next.state;
  }
  return { state, lockedAt };
}

describe('sign-in lockout rule', () => {
  it('the policy is the hub’s: 5 failures, 15 minutes, doubling, at most a day', () => {
    expect(ACCOUNT_POLICY.signInLockout).toEqual({
      lockAfterFailures: 5,
      firstLockMinutes: 15,
      maxLockMinutes: 1440,
    });
    expect([1, 2, 3, 4, 5, 6, 7, 40].map((n) => lockMinutes(n))).toEqual([
      15, 30, 60, 120, 240, 480, 960, 1440,
    ]);
  });

  it('four failures leave the name free; the fifth locks it for 15 minutes', () => {
    const four = fail(UNLOCKED, T0, 4);
    expect(four.lockedAt).toEqual([]);
    expect(lockedUntil(four.state, T0)).toBeNull();
    const fifth = afterFailure(four.state, T0);
    expect(fifth.locked).toBe(true);
    expect(lockedUntil(fifth.state, T0)).toBe(T0 + 15 * MINUTE);
    expect(lockedUntil(fifth.state, T0 + 15 * MINUTE - 1)).toBe(T0 + 15 * MINUTE);
    expect(lockedUntil(fifth.state, T0 + 15 * MINUTE)).toBeNull();
  });

  it('each lockout in a row lasts twice as long; a success (a fresh state) starts again at 15 minutes', () => {
    let state = fail(UNLOCKED, T0, 5).state;
    let now = T0;
    const lengths: number[] = [];
    for (let round = 0; round < 4; round++) {
      now = lockedUntil(state, now)!;
      const next = fail(state, now, 5);
      expect(next.lockedAt).toEqual([5]);
      state = next.state;
      lengths.push((state.lockedUntil! - now) / MINUTE);
    }
    expect(lengths).toEqual([30, 60, 120, 240]);
    expect(fail(UNLOCKED, now, 5).state.lockedUntil! - now).toBe(15 * MINUTE);
  });

  it('failures are never forgotten with time: a day later the fifth still locks', () => {
    let state = fail(UNLOCKED, T0, 4).state;
    state = afterFailure(state, T0 + 24 * 60 * MINUTE).state;
    expect(lockedUntil(state, T0 + 24 * 60 * MINUTE)).toBe(T0 + 24 * 60 * MINUTE + 15 * MINUTE);
  });

  it('a clock set back does not shorten a lock, nor forget the failures before it', () => {
    const locked = fail(UNLOCKED, T0, 5).state;
    // Set back an hour, a day, a year: still locked, and the end is where it was.
    for (const back of [60 * MINUTE, 24 * 60 * MINUTE, 365 * 24 * 60 * MINUTE])
      expect(lockedUntil(locked, T0 - back)).toBe(T0 + 15 * MINUTE);
    // Three failures, then the clock set back a day: two more still lock.
    const three = fail(UNLOCKED, T0, 3).state;
    const back = T0 - 24 * 60 * MINUTE;
    expect(fail(three, back, 2).lockedAt).toEqual([2]);
  });
});
