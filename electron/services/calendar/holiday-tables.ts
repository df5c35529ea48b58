import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseDay, weekdayOfDay } from './shanghai-time';

/**
 * One year's statutory arrangement as the State Council publishes it, kept as a versioned file in
 * `resources/holidays/<year>.json`: the station can take a new year's arrangement the day it is
 * announced, without waiting for the chinese-days package to release it. A year in a file here
 * replaces that year of the package's data.
 */
export interface HolidayYear {
  readonly year: number;
  /** The notice the dates were copied from, shown where the calendar names its source. */
  readonly notice: string;
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
}

export class HolidayTableError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${file}: ${field}: ${detail}`);
    this.name = 'HolidayTableError';
  }
}

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

const holidayYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2200),
    notice: z.string().min(1),
    holidays: z.array(isoDay).min(1),
    workdays: z.array(isoDay),
  })
  .strict();

/** Validates one year's file; errors name the file and the field (a date by its position). */
export function parseHolidayYear(text: string, file: string, expectedYear?: number): HolidayYear {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HolidayTableError(file, '(file)', `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = holidayYearSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    throw new HolidayTableError(file, path.replace(/^\./, '') || '(root)', issue?.message ?? 'invalid');
  }
  const table = parsed.data;
  if (expectedYear !== undefined && table.year !== expectedYear) {
    throw new HolidayTableError(file, 'year', `is ${table.year}, but the file is named for ${expectedYear}`);
  }
  const check = (list: 'holidays' | 'workdays') =>
    table[list].forEach((date, i) => {
      const day = parseDay(date);
      const where = `${list}[${i}]`;
      if (Number.isNaN(day)) throw new HolidayTableError(file, where, `${date} is not a calendar date`);
      if (!date.startsWith(`${table.year}-`))
        throw new HolidayTableError(file, where, `${date} is not in ${table.year}`);
      const weekday = weekdayOfDay(day);
      if (list === 'workdays' && weekday !== 0 && weekday !== 6) {
        throw new HolidayTableError(
          file,
          where,
          `${date} is a weekday; only a weekend day can be swapped into work`,
        );
      }
    });
  check('holidays');
  check('workdays');
  if (!table.holidays.includes(`${table.year}-01-01`)) {
    throw new HolidayTableError(file, 'holidays', `New Year's Day ${table.year}-01-01 is missing`);
  }
  const both = table.workdays.find((d) => table.holidays.includes(d));
  if (both !== undefined)
    throw new HolidayTableError(file, 'workdays', `${both} is also listed as a holiday`);
  return table;
}

/** Every `<year>.json` in the directory; a directory that does not exist holds none. */
export function loadHolidayTables(dir: string): HolidayYear[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new HolidayTableError(dir, '(directory)', `cannot read it: ${(e as Error).message}`);
  }
  return names.sort().map((name) => {
    const file = join(dir, name);
    const year = /^(\d{4})\.json$/.exec(name)?.[1];
    if (year === undefined)
      throw new HolidayTableError(file, '(file name)', 'must be <year>.json, e.g. 2027.json');
    return parseHolidayYear(readFileSync(file, 'utf8'), file, Number(year));
  });
}
