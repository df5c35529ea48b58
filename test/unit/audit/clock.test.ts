import { describe, expect, it } from 'vitest';
import { clockStartingAt, shanghaiIso, type Clock } from '../../../electron/services/audit/clock';

function manualClock(start: number): Clock & { advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('a clock starting at a chosen time', () => {
  it('reads the chosen time at once and runs on with the real clock', () => {
    const real = manualClock(Date.parse('2026-12-01T06:00:00Z'));
    const demo = clockStartingAt(Date.parse('2026-11-25T02:00:00Z'), real);
    expect(shanghaiIso(demo.now())).toBe('2026-11-25T10:00:00.000+08:00');
    real.advance(90_000);
    expect(shanghaiIso(demo.now())).toBe('2026-11-25T10:01:30.000+08:00');
  });
});
