import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { formatDay, shanghaiDayOf, weekdayOfDay } from '../calendar/shanghai-time';

/**
 * Why a T+1 settlement lands on the day it does, in words a merchant understands on the phone:
 * which days between the transaction and the payout were days off (weekends, statutory holidays)
 * and whether the payout day is a swapped working weekend (调休上班). The calendar decides; this
 * only describes what it decided.
 */
export interface SettlementCalendarFacts {
  /** Days strictly between the transaction day and the settlement day that were not working days. */
  readonly skippedWeekendDays: string[];
  readonly skippedHolidays: string[];
  /** The settlement day is a Saturday or Sunday that the State Council made a working day. */
  readonly settlesOnSwappedWorkday: boolean;
  /** The transaction itself was taken on a day off. */
  readonly takenOnDayOff: boolean;
}

const isWeekend = (day: number): boolean => {
  const w = weekdayOfDay(day);
  return w === 0 || w === 6;
};

export function settlementCalendarFacts(
  calendar: WorkingDayCalendar,
  transactionMs: number,
  settlementMs: number,
): SettlementCalendarFacts {
  const from = shanghaiDayOf(transactionMs);
  const to = shanghaiDayOf(settlementMs);
  const skippedWeekendDays: string[] = [];
  const skippedHolidays: string[] = [];
  for (let d = from + 1; d < to; d++) {
    if (calendar.isWorkingDayNumber(d)) continue;
    (isWeekend(d) ? skippedWeekendDays : skippedHolidays).push(formatDay(d));
  }
  return {
    skippedWeekendDays,
    skippedHolidays,
    settlesOnSwappedWorkday: isWeekend(to) && calendar.isWorkingDayNumber(to),
    takenOnDayOff: !calendar.isWorkingDayNumber(from),
  };
}

const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAY_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** '2026-10-09（周五）' / '2026-10-09 (Friday)'. */
export function dayWithWeekday(date: string, language: 'zh' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = Math.floor(Date.UTC(y!, m! - 1, d!) / 86_400_000);
  const w = weekdayOfDay(day);
  return language === 'zh' ? `${date}（${WEEKDAY_ZH[w]}）` : `${date} (${WEEKDAY_EN[w]})`;
}

/** A run of dates as 'first 至 last' or one date; the list is sorted. */
export function dateSpan(dates: readonly string[], language: 'zh' | 'en'): string {
  if (dates.length === 1) return dates[0]!;
  return language === 'zh' ? `${dates[0]} 至 ${dates.at(-1)}` : `${dates[0]} to ${dates.at(-1)}`;
}
