import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { calendarFromChineseDays } from '../../../electron/services/calendar/chinese-days';
import {
  HolidayTableError,
  loadHolidayTables,
  parseHolidayYear,
  type HolidayYear,
} from '../../../electron/services/calendar/holiday-tables';
import {
  WorkingDayCalendar,
  CalendarRangeError,
} from '../../../electron/services/calendar/working-day-calendar';

// A made-up arrangement for a year the package does not cover yet: only its shape matters here.
const FICTIONAL_NEXT: HolidayYear = {
  year: 2027,
  notice: 'test arrangement (not a real notice)',
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09'],
  workdays: ['2027-02-06'],
};

function calendarWith(supplements: readonly HolidayYear[]): WorkingDayCalendar {
  return new WorkingDayCalendar(calendarFromChineseDays(chineseDaysData, 'package', supplements));
}

function errorOf(action: () => unknown): HolidayTableError {
  try {
    action();
  } catch (e) {
    if (e instanceof HolidayTableError) return e;
    throw e;
  }
  throw new Error('expected a HolidayTableError');
}

describe('holiday tables in resources/holidays', () => {
  it('extend the calendar by the year they add, with its days off and swapped working weekend', () => {
    const before = calendarWith([]);
    expect(() => before.isWorkingDay('2027-01-04')).toThrow(CalendarRangeError);
    const after = calendarWith([FICTIONAL_NEXT]);
    expect(after.coversUntil).toBe('2027-12-31');
    expect(after.source).toContain('2027: test arrangement');
    expect(after.isWorkingDay('2027-01-01')).toBe(false); // listed holiday
    expect(after.isWorkingDay('2027-02-08')).toBe(false); // listed holiday on a Monday
    expect(after.isWorkingDay('2027-02-06')).toBe(true); // a Saturday swapped into work
    expect(after.isWorkingDay('2027-02-07')).toBe(false); // an ordinary Sunday
    expect(after.isWorkingDay('2027-02-10')).toBe(true); // an ordinary Wednesday
    expect(after.nextWorkingDay('2026-12-31')).toBe('2027-01-04');
  });

  it("replace the package's data for a year they name", () => {
    const replaced = calendarWith([
      { year: 2026, notice: 'replacement', holidays: ['2026-01-01', '2026-03-02'], workdays: [] },
    ]);
    expect(replaced.isWorkingDay('2026-03-02')).toBe(false);
    expect(replaced.isWorkingDay('2026-10-01')).toBe(true); // the package's National Day is gone with its year
    expect(calendarWith([]).isWorkingDay('2026-10-01')).toBe(false);
  });

  it('do not extend coverage past a missing year', () => {
    expect(
      calendarWith([{ ...FICTIONAL_NEXT, year: 2028, holidays: ['2028-01-01'], workdays: [] }]).coversUntil,
    ).toBe('2026-12-31');
  });

  it('refuse a bad file, naming the file and the field', () => {
    const text = (table: object) => JSON.stringify({ ...FICTIONAL_NEXT, ...table });
    const cases: [string, string, string][] = [
      ['{', '(file)', 'not valid JSON'],
      [text({ holidays: ['2027-01-01', '2027-13-01'] }), 'holidays[1]', 'not a calendar date'],
      [text({ holidays: ['2027-01-01', '2026-12-31'] }), 'holidays[1]', 'not in 2027'],
      [text({ workdays: ['2027-02-10'] }), 'workdays[0]', 'is a weekday'],
      [text({ holidays: ['2027-02-08'] }), 'holidays', "New Year's Day 2027-01-01 is missing"],
      [text({ workdays: ['2027-01-02'], holidays: ['2027-01-01', '2027-01-02'] }), 'workdays', 'also listed'],
      [text({ holiday: [] }), '(root)', ''],
      [text({ holidays: ['1 Jan 2027'] }), 'holidays[0]', 'YYYY-MM-DD'],
    ];
    for (const [body, field, message] of cases) {
      const error = errorOf(() => parseHolidayYear(body, '2027.json', 2027));
      expect(error.field, body).toBe(field);
      expect(error.message).toContain('2027.json');
      expect(error.message).toContain(message);
    }
    expect(errorOf(() => parseHolidayYear(text({}), '2028.json', 2028)).field).toBe('year');
  });
});

describe('loading the folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'holidays-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every <year>.json, and holds nothing where there is no folder', () => {
    expect(loadHolidayTables(join(dir, 'absent'))).toEqual([]);
    mkdirSync(join(dir, 'holidays'));
    writeFileSync(join(dir, 'holidays', '2027.json'), JSON.stringify(FICTIONAL_NEXT));
    writeFileSync(join(dir, 'holidays', 'README.md'), 'not a table');
    expect(loadHolidayTables(join(dir, 'holidays'))).toEqual([FICTIONAL_NEXT]);
  });

  it('refuses a file not named for its year', () => {
    writeFileSync(join(dir, 'next-year.json'), JSON.stringify(FICTIONAL_NEXT));
    expect(errorOf(() => loadHolidayTables(dir)).field).toBe('(file name)');
  });

  it('the shipped folder is valid', () => {
    expect(() => loadHolidayTables(join(__dirname, '..', '..', '..', 'resources', 'holidays'))).not.toThrow();
  });
});
