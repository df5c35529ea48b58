import { chineseWorkingDays } from './chinese-days';

/**
 * Working-day arithmetic on the station's Chinese calendar, for other workspaces (e.g. the
 * 3-working-day review SLA). Dates are 'YYYY-MM-DD' on the Asia/Shanghai calendar; every
 * function throws CalendarRangeError outside the covered range.
 */
export function isWorkingDay(date: string): boolean {
  return chineseWorkingDays().isWorkingDay(date);
}

export function nextWorkingDay(date: string): string {
  return chineseWorkingDays().nextWorkingDay(date);
}

export function addWorkingDays(date: string, n: number): string {
  return chineseWorkingDays().addWorkingDays(date, n);
}

export function calendarCoversUntil(): string {
  return chineseWorkingDays().coversUntil;
}

export { CalendarRangeError } from './working-day-calendar';
