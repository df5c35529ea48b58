import { shiftStart } from '../../../electron/services/devices/service';

const at = (iso: string) => Date.parse(iso);

describe('the counter shift a count of units belongs to', () => {
  it('starts at 08:00 and 20:00 Shanghai; the night shift runs past midnight', () => {
    expect(shiftStart(at('2026-11-25T10:30:00+08:00'))).toBe(at('2026-11-25T08:00:00+08:00'));
    expect(shiftStart(at('2026-11-25T08:00:00+08:00'))).toBe(at('2026-11-25T08:00:00+08:00'));
    expect(shiftStart(at('2026-11-25T07:59:59+08:00'))).toBe(at('2026-11-24T20:00:00+08:00'));
    expect(shiftStart(at('2026-11-25T23:10:00+08:00'))).toBe(at('2026-11-25T20:00:00+08:00'));
    expect(shiftStart(at('2026-11-26T02:00:00+08:00'))).toBe(at('2026-11-25T20:00:00+08:00'));
  });
});
