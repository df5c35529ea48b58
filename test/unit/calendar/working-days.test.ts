import {
  addWorkingDays,
  calendarCoversUntil,
  CalendarRangeError,
  isWorkingDay,
  nextWorkingDay,
} from '../../../electron/services/calendar/working-days';
import { calendarFromChineseDays } from '../../../electron/services/calendar/chinese-days';
import { WorkingDayCalendar } from '../../../electron/services/calendar/working-day-calendar';

describe('Chinese working-day calendar (chinese-days data)', () => {
  it('knows 2025 National Day + Mid-Autumn: 1–8 October off, Sunday 28 September and Saturday 11 October worked', () => {
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(`2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-09-27')).toBe(false);
    expect(isWorkingDay('2025-10-09')).toBe(true);
  });

  it('knows the 2026 Spring Festival and its swapped Saturdays', () => {
    expect(isWorkingDay('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`)).toBe(false);
    expect(isWorkingDay('2026-02-28')).toBe(true);
  });

  it('treats ordinary weekends as days off and ordinary weekdays as working days', () => {
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(isWorkingDay('2026-11-25')).toBe(true);
  });

  it('steps over holidays and onto swapped working weekends', () => {
    expect(nextWorkingDay('2025-09-30')).toBe('2025-10-09');
    expect(nextWorkingDay('2025-09-26')).toBe('2025-09-28');
    expect(nextWorkingDay('2025-10-10')).toBe('2025-10-11');
    expect(nextWorkingDay('2026-11-27')).toBe('2026-11-30');
  });

  it('adds working days for a 3-working-day review SLA', () => {
    expect(addWorkingDays('2025-09-26', 3)).toBe('2025-09-30');
    expect(addWorkingDays('2025-09-29', 3)).toBe('2025-10-10');
    expect(addWorkingDays('2026-11-25', 3)).toBe('2026-11-30');
    expect(addWorkingDays('2025-10-04', 0)).toBe('2025-10-09');
    expect(addWorkingDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('states its coverage and refuses dates past it instead of guessing weekdays', () => {
    expect(calendarCoversUntil()).toBe('2026-12-31');
    expect(isWorkingDay('2026-12-31')).toBe(true);
    expect(() => isWorkingDay('2027-01-04')).toThrow(CalendarRangeError);
    expect(() => nextWorkingDay('2026-12-31')).toThrow(
      /covers 2004-01-01 to 2026-12-31; 2027-01-01 is outside it/,
    );
  });

  it('rejects a malformed date', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/Not a calendar date/);
    expect(() => addWorkingDays('2026-11-25', -1)).toThrow(/non-negative/);
  });
});

describe('coverage derived from holiday data', () => {
  it('covers through the last consecutive year whose New Year is listed', () => {
    const data = calendarFromChineseDays(
      {
        holidays: { '2030-01-01': 'x', '2031-01-01': 'x', '2031-05-01': 'x', '2033-01-01': 'x' },
        workdays: { '2031-04-26': 'x' },
      },
      'test',
    );
    const calendar = new WorkingDayCalendar(data);
    expect(calendar.coversFrom).toBe('2030-01-01');
    expect(calendar.coversUntil).toBe('2031-12-31');
    expect(calendar.isWorkingDay('2031-05-01')).toBe(false);
    expect(calendar.isWorkingDay('2031-04-26')).toBe(true); // a Saturday made a working day
    expect(() => calendar.isWorkingDay('2032-06-01')).toThrow(CalendarRangeError);
  });

  it('refuses data with no New Year holiday at all', () => {
    expect(() => calendarFromChineseDays({ holidays: {}, workdays: {} }, 'empty')).toThrow(
      /cannot tell what it covers/,
    );
  });
});
