import { describe, expect, it } from 'vitest';
import { calendarNotice, CALENDAR_WARNING_DAYS } from '../../../renderer/src/shell/calendar-notice';

describe('the calendar notice in the shell', () => {
  it('says nothing while the calendar has more than a month left', () => {
    expect(calendarNotice('2026-12-31', '2026-11-25')).toBeNull();
    expect(calendarNotice('2026-12-31', '2026-11-30')).toBeNull();
  });

  it('warns from 30 days before the end, counting the days left', () => {
    expect(CALENDAR_WARNING_DAYS).toBe(30);
    expect(calendarNotice('2026-12-31', '2026-12-01')).toEqual({
      level: 'warning',
      coversUntil: '2026-12-31',
      daysLeft: 30,
    });
    expect(calendarNotice('2026-12-31', '2026-12-31')).toMatchObject({ level: 'warning', daysLeft: 0 });
  });

  it('is an error once today is past the calendar', () => {
    expect(calendarNotice('2026-12-31', '2027-01-01')).toEqual({ level: 'error', coversUntil: '2026-12-31' });
  });
});
