import { SHANGHAI_OFFSET_MS } from '../calendar/shanghai-time';

/** Where services read the time, so tests can move it (lockouts, session expiry). */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that reads `startMs` at the moment it is made and runs on in real time from there: a
 * demo or training station working through a chosen day (and an end-to-end suite that does not
 * drift with the real date across a rate change or past the holiday calendar).
 */
export function clockStartingAt(startMs: number, real: Clock = systemClock): Clock {
  const offset = startMs - real.now();
  return { now: () => real.now() + offset };
}

/**
 * An instant as Asia/Shanghai ISO-8601 text ('2026-11-26T07:44:39.123+08:00'). One fixed offset
 * (China has no DST) keeps stored times readable and makes text order equal time order.
 */
export function shanghaiIso(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
