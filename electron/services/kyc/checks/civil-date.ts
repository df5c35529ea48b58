import type { CalendarDate } from '../../../contract/domain/kyc/application';

/**
 * Calendar arithmetic on 'YYYY-MM-DD' dates. Review dates, ID validity and birth dates are
 * calendar days in Asia/Shanghai, not instants, so they are never turned into local Date objects
 * (whose time zone depends on the machine running the check).
 */

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function parseCalendarDate(text: string): DateParts | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1) return null;
  if (parts.day > daysInMonth(parts.year, parts.month)) return null;
  return parts;
}

function requireDate(text: string): DateParts {
  const parts = parseCalendarDate(text);
  if (!parts) throw new RangeError(`not a calendar date: ${text}`);
  return parts;
}

export function formatCalendarDate({ year, month, day }: DateParts): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `months` calendar months after `date`. When the target month has no such day (31 Aug + 6
 * months), the result is that month's last day (28/29 Feb): the rule of the Civil Code art. 202
 * for periods counted in months ("没有对应日的，月末日为期间的最后一日").
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = requireDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatCalendarDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = requireDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return formatCalendarDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const a = requireDate(from);
  const b = requireDate(to);
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/**
 * Completed years of age on `on`. The birthday is reached when the (month, day) of `on` is at
 * or past the (month, day) of birth; so someone born on 29 Feb turns a year older on 1 Mar in a
 * common year — the later of the two candidate days, which is the safe side for an age minimum.
 */
export function ageOn(birth: CalendarDate, on: CalendarDate): number {
  const b = requireDate(birth);
  const o = requireDate(on);
  const beforeBirthday = o.month < b.month || (o.month === b.month && o.day < b.day);
  return o.year - b.year - (beforeBirthday ? 1 : 0);
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date of an instant (China keeps UTC+8 all year, no DST). */
export function shanghaiDate(instant: string | number | Date): CalendarDate {
  const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  const shifted = new Date(ms + SHANGHAI_OFFSET_MS);
  return formatCalendarDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

/** Epoch milliseconds of a Shanghai wall-clock time 'YYYY-MM-DD HH:mm:ss'. */
export function shanghaiLocalToEpoch(local: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new RangeError(`not a local time YYYY-MM-DD HH:mm:ss: ${local}`);
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - SHANGHAI_OFFSET_MS;
}
