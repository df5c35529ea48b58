const MINUTE_MS = 60_000;

/** The account rules in one place; tests and the UI read them from here. */
export const ACCOUNT_POLICY = {
  minPasswordLength: 10,
  /** Scrypt cost grows with length; beyond this a "password" is an attack. */
  maxPasswordLength: 256,
  /**
   * Failed sign-ins slow down further tries, per account name (known or not, answered alike) and
   * per client (a window, a browser session): see throttle.ts. No hard lock an outsider can set.
   */
  signInThrottle: {
    freeFailures: 5,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    forgetAfterMs: 15 * MINUTE_MS,
  },
  /**
   * Sign-ins an enrolled station's operators make — at the hub, and offline against the station's
   * cached verifiers — lock the name after repeated failures (known or not, alike): see lockout.ts.
   */
  signInLockout: {
    /** Failed sign-ins in a row (no success between) that lock a name. */
    lockAfterFailures: 5,
    /** The first lockout; each further one in a row lasts twice as long. */
    firstLockMinutes: 15,
    /** No lockout lasts longer than a day: an attacker cannot shut an operator out for a week. */
    maxLockMinutes: 24 * 60,
  },
  sessionIdleMs: 30 * MINUTE_MS,
  sessionAbsoluteMs: 12 * 60 * MINUTE_MS,
} as const;
