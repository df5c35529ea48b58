import { InvalidArgumentError } from 'commander';
import { parseShanghaiTime } from '../services/calendar/shanghai-time';

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be 0–65535.');
  return n;
}

/** An ISO-8601 instant (Asia/Shanghai when it has no offset) as epoch milliseconds. */
export function parseInstant(flag: string): (value: string) => number {
  return (value) => {
    const ms = parseShanghaiTime(value);
    if (Number.isNaN(ms)) {
      throw new InvalidArgumentError(`${flag} must be an ISO-8601 time such as 2026-11-25T10:00:00+08:00.`);
    }
    return ms;
  };
}

/** Largest line speed HELLO can carry (`linkBaud` is a u32, docs/protocol.md §3). */
const MAX_BAUD = 0xffff_ffff;

/**
 * A UART line speed in baud: a positive whole number, or with `keep` also 0 ("keep the current
 * speed", as HELLO's `linkBaud`). The protocol has no list of speeds: the unit answers with the one
 * it supports.
 */
export function parseBaud(flag: string, options: { keep?: boolean } = {}): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    const min = options.keep ? 0 : 1;
    if (!Number.isSafeInteger(n) || n < min || n > MAX_BAUD) {
      throw new InvalidArgumentError(
        options.keep
          ? `${flag} must be a line speed in baud such as 921600, or 0 to keep the power-on speed.`
          : `${flag} must be a line speed in baud such as 115200.`,
      );
    }
    return n;
  };
}
