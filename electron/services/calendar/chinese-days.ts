import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { join } from 'node:path';
import { parseDay } from './shanghai-time';
import { loadHolidayTables, type HolidayYear } from './holiday-tables';
import { resourcesDir } from '../station/resources-dir';
import { WorkingDayCalendar, type WorkingDayCalendarData } from './working-day-calendar';

interface ChineseDaysTables {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

/**
 * Reads the `chinese-days` package's date-keyed tables directly rather than through its API:
 * the API parses dates in the host's local time zone, which shifts days on machines west of UTC.
 *
 * Coverage is derived from the data, not assumed: a year is covered when its New Year's Day is
 * listed as a holiday (the State Council's arrangement for that year has been entered). Past the
 * last such year the calendar refuses to answer. A year in `supplements` (resources/holidays)
 * replaces the package's data for that year.
 */
export function calendarFromChineseDays(
  tables: ChineseDaysTables,
  source: string,
  supplements: readonly HolidayYear[] = [],
): WorkingDayCalendarData {
  const replaced = new Set(supplements.map((s) => String(s.year)));
  const fromPackage = (dates: Readonly<Record<string, string>>) =>
    Object.keys(dates).filter((d) => !replaced.has(d.slice(0, 4)));
  const holidays = [...fromPackage(tables.holidays), ...supplements.flatMap((s) => s.holidays)];
  const workdays = [...fromPackage(tables.workdays), ...supplements.flatMap((s) => s.workdays)];
  const years = new Set<number>();
  for (const date of holidays) {
    if (date.endsWith('-01-01')) years.add(Number(date.slice(0, 4)));
  }
  const sorted = [...years].sort((a, b) => a - b);
  const first = sorted[0];
  if (first === undefined)
    throw new Error(`${source}: no year with a New Year's Day holiday; cannot tell what it covers`);
  let last = first;
  while (years.has(last + 1)) last++;
  const toDays = (dates: readonly string[]): Set<number> =>
    new Set(dates.map(parseDay).filter((d) => !Number.isNaN(d)));
  return {
    firstDay: parseDay(`${first}-01-01`),
    lastDay: parseDay(`${last}-12-31`),
    holidays: toDays(holidays),
    swappedWorkdays: toDays(workdays),
    source: [source, ...supplements.map((s) => `${s.year}: ${s.notice}`)].join('; '),
  };
}

let shared: WorkingDayCalendar | undefined;

/** The station's calendar, built once from the installed chinese-days data and resources/holidays. */
export function chineseWorkingDays(): WorkingDayCalendar {
  shared ??= new WorkingDayCalendar(
    calendarFromChineseDays(
      chineseDaysData,
      'chinese-days (npm) holiday tables',
      loadHolidayTables(join(resourcesDir(), 'holidays')),
    ),
  );
  return shared;
}
