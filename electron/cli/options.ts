import { InvalidArgumentError } from 'commander';
import { parseShanghaiTime } from '../services/calendar/shanghai-time';
import { lineSpeedProblem, parseLineSpeed } from '../services/devices/line-speed';

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

/** A UART line speed flag (see parseLineSpeed); a bad value is one line naming the flag. */
export function parseBaud(flag: string, options: { keep?: boolean } = {}): (value: string) => number {
  return (value) => {
    const n = parseLineSpeed(value, options);
    if (n === null) throw new InvalidArgumentError(lineSpeedProblem(flag, options));
    return n;
  };
}
