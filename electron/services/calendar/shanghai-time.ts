/**
 * Asia/Shanghai wall-clock arithmetic without Date objects or time-zone databases.
 *
 * China has kept UTC+08:00 all year since 1991 (no DST), and every date this station prices or
 * schedules is later than that, so a fixed offset is exact. Day numbers count days since
 * 1970-01-01 on the Shanghai calendar; they make working-day and per-day arithmetic integer work.
 */

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilFromDay(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
export function weekdayOfDay(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDayOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The instant of a Shanghai wall-clock time on a given day. */
export function shanghaiInstant(dayNumber: number, hour = 0, minute = 0): number {
  return dayNumber * DAY_MS + hour * 3_600_000 + minute * MINUTE_MS - SHANGHAI_OFFSET_MS;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** ISO-8601 with the +08:00 offset, to the second. */
export function formatShanghaiIso(epochMs: number): string {
  const local = epochMs + SHANGHAI_OFFSET_MS;
  const dayNumber = Math.floor(local / DAY_MS);
  const secondOfDay = Math.floor((local - dayNumber * DAY_MS) / 1000);
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  const s = secondOfDay % 60;
  return `${formatDay(dayNumber)}T${pad2(h)}:${pad2(m)}:${pad2(s)}+08:00`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → day number, or NaN when it is not a real calendar date. */
export function parseDay(text: string): number {
  const m = DATE_RE.exec(text);
  if (m === null) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return dayFromCivil(year, month, day);
}

function digits(b: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    // undefined past the end of the input fails this test too.
    const c = (b[i] ?? 0) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    value = value * 10 + c;
  }
  return value;
}

const scratch = new Uint8Array(64);

/** String form of parseShanghaiTimeBytes, for input typed at the UI or the command line. */
export function parseShanghaiTime(text: string): number {
  const n = text.length;
  if (n > scratch.length) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    scratch[i] = c < 128 ? c : 0;
  }
  return parseShanghaiTimeBytes(scratch, 0, n);
}

/**
 * Parses the ASCII bytes b[start, end) of an ISO-8601 date-time — 'YYYY-MM-DDTHH:mm[:ss[.fff]]'
 * with 'T' or a space, then 'Z', '±HH:MM', '±HHMM' or nothing — into epoch milliseconds; no
 * offset means Asia/Shanghai. Returns NaN for anything else. Works on bytes and by hand
 * because the ledger parses a million of these straight out of its read buffer.
 */
export function parseShanghaiTimeBytes(b: Uint8Array, start: number, end: number): number {
  const n = end;
  const s = start;
  if (n - s < 16) return Number.NaN;
  const year = digits(b, s, 4);
  const month = digits(b, s + 5, 2);
  const day = digits(b, s + 8, 2);
  const hour = digits(b, s + 11, 2);
  const minute = digits(b, s + 14, 2);
  const sep = b[s + 10];
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    b[s + 4] !== 45 ||
    b[s + 7] !== 45 ||
    (sep !== 84 && sep !== 32) ||
    b[s + 13] !== 58 ||
    day > daysInMonth(year, month)
  ) {
    return Number.NaN;
  }
  let i = s + 16;
  let second = 0;
  let millis = 0;
  if (i < n && b[i] === 58) {
    if (i + 3 > n) return Number.NaN;
    second = digits(b, i + 1, 2);
    if (second < 0 || second > 59) return Number.NaN;
    i += 3;
    if (i < n && b[i] === 46) {
      let j = i + 1;
      let scale = 100;
      while (j < n) {
        const c = b[j]! - 48;
        if (!(c >= 0 && c <= 9)) break;
        millis += c * scale;
        scale /= 10;
        j++;
      }
      if (j === i + 1) return Number.NaN;
      millis = Math.floor(millis);
      i = j;
    }
  }
  let offsetMs = SHANGHAI_OFFSET_MS;
  if (i < n) {
    const c = b[i];
    if (c === 90 && i + 1 === n) {
      offsetMs = 0;
    } else if (c === 43 || c === 45) {
      const colon = b[i + 3] === 58 ? 1 : 0;
      if (i + 5 + colon !== n) return Number.NaN;
      const oh = digits(b, i + 1, 2);
      const om = digits(b, i + 3 + colon, 2);
      if (oh < 0 || oh > 14 || om < 0 || om > 59) return Number.NaN;
      offsetMs = (c === 43 ? 1 : -1) * (oh * 3_600_000 + om * MINUTE_MS);
    } else {
      return Number.NaN;
    }
  }
  return (
    dayFromCivil(year, month, day) * DAY_MS +
    hour * 3_600_000 +
    minute * MINUTE_MS +
    second * 1000 +
    millis -
    offsetMs
  );
}
