import { addWorkingDays } from '../../calendar/working-days';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';

/** Review takes 1–3 working days (DESIGN §1): the SLA ends with the 3rd Chinese working day. */
export const SLA_WORKING_DAYS = 3;

/**
 * When a submission's review is due: the end (Asia/Shanghai) of the 3rd working day after the
 * day it was submitted, counting statutory holidays and swapped working weekends. A submission
 * on a day off counts from the next working day's start, the same as the calendar does.
 */
export function dueAt(submittedAt: string): string {
  const epoch = Date.parse(submittedAt);
  if (Number.isNaN(epoch)) throw new RangeError(`Not an instant: '${submittedAt}'`);
  const due = addWorkingDays(formatDay(shanghaiDayOf(epoch)), SLA_WORKING_DAYS);
  return `${due}T23:59:59.999+08:00`;
}

/** Overdue once the stored due instant has passed; both are Shanghai ISO text, so text order is time order. */
export function isOverdue(due: string, now: string): boolean {
  return now > due;
}
