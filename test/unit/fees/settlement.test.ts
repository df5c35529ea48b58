import { chineseWorkingDays } from '../../../electron/services/calendar/chinese-days';
import { formatShanghaiIso } from '../../../electron/services/calendar/shanghai-time';
import { CalendarRangeError } from '../../../electron/services/calendar/working-day-calendar';
import { settle } from '../../../electron/services/fees/settlement';
import { at } from './fixtures';

const t1 = (iso: string, firstTransaction = false, instantEnabled = false) => {
  const s = settle(chineseWorkingDays(), at(iso), { instantEnabled, firstTransaction });
  return { mode: s.mode, at: formatShanghaiIso(s.atMs) };
};

describe('settlement', () => {
  it('T+1 is the next working day at 10:00 Shanghai time', () => {
    expect(t1('2026-11-25T14:00:00+08:00')).toEqual({ mode: 't1', at: '2026-11-26T10:00:00+08:00' });
    expect(t1('2026-11-27T09:00:00+08:00')).toEqual({ mode: 't1', at: '2026-11-30T10:00:00+08:00' });
  });

  it('uses the Shanghai day, not the UTC day', () => {
    // 17:00 UTC on the 25th is 01:00 on the 26th in Shanghai.
    expect(t1('2026-11-25T17:00:00Z')).toEqual({ mode: 't1', at: '2026-11-27T10:00:00+08:00' });
  });

  it('across the 2025 National Day holiday (1–8 October off)', () => {
    expect(t1('2025-09-30T20:00:00+08:00')).toEqual({ mode: 't1', at: '2025-10-09T10:00:00+08:00' });
    expect(t1('2025-10-03T12:00:00+08:00')).toEqual({ mode: 't1', at: '2025-10-09T10:00:00+08:00' });
  });

  it('onto a swapped working weekend (Sunday 28 September 2025, Saturday 11 October 2025)', () => {
    expect(t1('2025-09-26T15:00:00+08:00')).toEqual({ mode: 't1', at: '2025-09-28T10:00:00+08:00' });
    expect(t1('2025-10-10T15:00:00+08:00')).toEqual({ mode: 't1', at: '2025-10-11T10:00:00+08:00' });
  });

  it('instant settlement arrives within 2 minutes when enabled', () => {
    expect(t1('2025-09-30T20:00:00+08:00', false, true)).toEqual({
      mode: 'instant',
      at: '2025-09-30T20:02:00+08:00',
    });
  });

  it("a merchant's first transaction is T+1 even with instant settlement enabled", () => {
    expect(t1('2025-09-30T20:00:00+08:00', true, true)).toEqual({
      mode: 't1',
      at: '2025-10-09T10:00:00+08:00',
    });
  });

  it('refuses to guess past the calendar', () => {
    expect(() => t1('2026-12-31T12:00:00+08:00')).toThrow(CalendarRangeError);
  });
});
