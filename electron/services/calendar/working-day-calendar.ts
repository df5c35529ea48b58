import { formatDay, parseDay, weekdayOfDay } from './shanghai-time';

/** Asked about a day the calendar has no data for: we refuse rather than guess plain weekdays. */
export class CalendarRangeError extends Error {
  constructor(
    readonly date: string,
    readonly coversFrom: string,
    readonly coversUntil: string,
  ) {
    super(
      `The working-day calendar covers ${coversFrom} to ${coversUntil}; ${date} is outside it. ` +
        "Once the State Council publishes the next year's arrangement, add it as resources/holidays/<year>.json " +
        '(or update the chinese-days package).',
    );
    this.name = 'CalendarRangeError';
  }
}

export interface WorkingDayCalendarData {
  /** First and last day (day numbers) the data is known to cover, inclusive. */
  readonly firstDay: number;
  readonly lastDay: number;
  /** Statutory days off, as day numbers. */
  readonly holidays: ReadonlySet<number>;
  /** Weekend days swapped into working days (调休上班), as day numbers. */
  readonly swappedWorkdays: ReadonlySet<number>;
  /** Where the data comes from, for the schedules screen and error reports. */
  readonly source: string;
}

/**
 * Chinese working days: Monday–Friday unless a statutory holiday, plus the weekend days the
 * State Council swaps into working days. Precomputed into one byte per day so that settlement
 * and SLA arithmetic over a million ledger rows costs an array read.
 */
export class WorkingDayCalendar {
  readonly coversFrom: string;
  readonly coversUntil: string;
  readonly source: string;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private readonly working: Uint8Array;

  constructor(data: WorkingDayCalendarData) {
    if (!(data.lastDay >= data.firstDay)) throw new Error('Working-day calendar data covers no days');
    this.firstDay = data.firstDay;
    this.lastDay = data.lastDay;
    this.coversFrom = formatDay(data.firstDay);
    this.coversUntil = formatDay(data.lastDay);
    this.source = data.source;
    this.working = new Uint8Array(data.lastDay - data.firstDay + 1);
    for (let d = data.firstDay; d <= data.lastDay; d++) {
      const weekday = weekdayOfDay(d);
      const weekend = weekday === 0 || weekday === 6;
      const working = data.swappedWorkdays.has(d) || (!weekend && !data.holidays.has(d));
      this.working[d - data.firstDay] = working ? 1 : 0;
    }
  }

  /** Day-number form, for callers already working in day numbers. */
  isWorkingDayNumber(dayNumber: number): boolean {
    if (!(dayNumber >= this.firstDay && dayNumber <= this.lastDay)) {
      throw new CalendarRangeError(
        Number.isFinite(dayNumber) ? formatDay(dayNumber) : String(dayNumber),
        this.coversFrom,
        this.coversUntil,
      );
    }
    return this.working[dayNumber - this.firstDay] === 1;
  }

  /** The n-th working day after the given day (n = 0: the day itself if it is a working day, else the next one). */
  addWorkingDayNumbers(dayNumber: number, n: number): number {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`Working days to add must be a non-negative integer, got ${n}`);
    let d = dayNumber;
    if (n === 0) {
      while (!this.isWorkingDayNumber(d)) d++;
      return d;
    }
    let left = n;
    while (left > 0) {
      d++;
      if (this.isWorkingDayNumber(d)) left--;
    }
    return d;
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(toDay(date));
  }

  /** The first working day strictly after the date. */
  nextWorkingDay(date: string): string {
    return formatDay(this.addWorkingDayNumbers(toDay(date), 1));
  }

  /** The n-th working day after the date; e.g. a 3-working-day review SLA is addWorkingDays(submitted, 3). */
  addWorkingDays(date: string, n: number): string {
    return formatDay(this.addWorkingDayNumbers(toDay(date), n));
  }
}

function toDay(date: string): number {
  const d = parseDay(date);
  if (Number.isNaN(d)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): '${date}'`);
  return d;
}
