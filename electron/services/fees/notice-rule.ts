import { DAY_MS, shanghaiDayOf, shanghaiInstant } from '../calendar/shanghai-time';

/**
 * DESIGN §1: a rate change is announced 30 days ahead (SMS and app push); silence is consent. A
 * version cannot take effect less than 30 days after it was announced — counted to the
 * millisecond, so a version taking effect at 00:00 Shanghai may be announced until 00:00 Shanghai
 * thirty days earlier, and not one second later. Both the schedule file's own dates and the
 * announcement sent to merchants are held to this one rule.
 */
export const NOTICE_DAYS = 30;
const NOTICE_MS = NOTICE_DAYS * DAY_MS;

/** Whether an announcement at `announcedAtMs` gives enough notice for `effectiveAtMs`. */
export function givesNotice(announcedAtMs: number, effectiveAtMs: number): boolean {
  return effectiveAtMs - announcedAtMs >= NOTICE_MS;
}

/** The last instant a version taking effect at `effectiveAtMs` may be announced. */
export function lastAnnouncementMs(effectiveAtMs: number): number {
  return effectiveAtMs - NOTICE_MS;
}

/**
 * The earliest day (Shanghai day number) a version announced at `announcedAtMs` may take effect,
 * at 00:00 Shanghai as the shipped versions do: the first midnight at least 30 days later.
 */
export function earliestEffectiveDay(announcedAtMs: number): number {
  const earliest = announcedAtMs + NOTICE_MS;
  const day = shanghaiDayOf(earliest);
  return shanghaiInstant(day) === earliest ? day : day + 1;
}
