import { evaluateLimits, newLimitScratch } from '../limits';
import { UNLIMITED } from '../schedule';
import type { ScheduleBook } from '../schedule-book';
import { civilFromDay, DAY_MS, shanghaiDayOf, shanghaiInstant } from '../../calendar/shanghai-time';
import { CHANNEL_CODES } from './ledger-format';
import { CLASS_II, QUESTIONNAIRE_SKIPPED, type LedgerTable } from './ledger-table';
import { timeOrder } from './time-order';

/** Per-day totals of one merchant: credit, debit, QR (the limit groups), then all channels. */
const WIDTH = 4;
const ALL = 3;
/** A day or year number no real one equals: "this merchant has no running total yet". */
const NONE = -0x80000000;
const GROUP_OF_CHANNEL = Uint8Array.from(CHANNEL_CODES, (c) => c.group);

export interface Verdicts {
  /** Per row (file order): index into LIMIT_REASONS of the limit that refused it, or -1 if allowed. */
  readonly refusedBy: Int8Array;
  /** Per row: what the merchant could still have taken in on it (0 when unlimited); only for refused rows. */
  readonly headroomFen: Float64Array;
  readonly refusedRows: number;
}

/**
 * Judges every row's per-transaction, per-day and per-year limits in the order the transactions
 * happened (time, then file order), whatever order the ledger lists them in, so a shuffled export
 * and the sorted one get the same verdicts. A refused row does not count towards the totals.
 * Because time only moves forward here, each merchant needs only its current day and year.
 */
export function replayInTimeOrder(table: LedgerTable, book: ScheduleBook): Verdicts {
  const n = table.count;
  const order = timeOrder(table);
  const merchants = table.merchantIds.length;
  const day = new Int32Array(merchants).fill(NONE);
  const year = new Int32Array(merchants).fill(NONE);
  const totals = new Float64Array(merchants * WIDTH);
  const yearTotal = new Float64Array(merchants);
  const refusedBy = new Int8Array(n).fill(-1);
  const headroomFen = new Float64Array(n);
  const versions = book.versions;
  const { atMs, amountFen, merchant, channel, flags, version } = table;
  const verdict = newLimitScratch();
  let refused = 0;
  // The Shanghai day of the previous row, as an instant range, so most rows skip the division.
  let dayStart = Infinity;
  let dayEnd = -Infinity;
  let today = 0;
  let thisYear = 0;
  for (let k = 0; k < n; k++) {
    const i = order === null ? k : order[k]!;
    const at = atMs[i]!;
    if (at < dayStart || at >= dayEnd) {
      today = shanghaiDayOf(at);
      thisYear = civilFromDay(today).year;
      dayStart = shanghaiInstant(today);
      dayEnd = dayStart + DAY_MS;
    }
    const m = merchant[i]!;
    const base = m * WIDTH;
    if (day[m] !== today) {
      day[m] = today;
      totals[base] = 0;
      totals[base + 1] = 0;
      totals[base + 2] = 0;
      totals[base + ALL] = 0;
    }
    if (year[m] !== thisYear) {
      year[m] = thisYear;
      yearTotal[m] = 0;
    }
    const group = GROUP_OF_CHANNEL[channel[i]!]! as 0 | 1 | 2;
    const f = flags[i]!;
    const amount = amountFen[i]!;
    const allowed = evaluateLimits(
      verdict,
      versions[version[i]!]!,
      group,
      amount,
      (f & QUESTIONNAIRE_SKIPPED) !== 0,
      (f & CLASS_II) !== 0,
      totals[base + group]!,
      totals[base + ALL]!,
      yearTotal[m]!,
    );
    if (allowed) {
      totals[base + group] = totals[base + group]! + amount;
      totals[base + ALL] = totals[base + ALL]! + amount;
      yearTotal[m] = yearTotal[m]! + amount;
    } else {
      refused++;
      refusedBy[i] = verdict.binding;
      headroomFen[i] = verdict.headroomFen === UNLIMITED ? 0 : verdict.headroomFen;
    }
  }
  return { refusedBy, headroomFen, refusedRows: refused };
}
