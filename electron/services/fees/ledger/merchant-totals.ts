import { evaluateLimits, newLimitScratch, type LimitScratch } from '../limits';
import type { CompiledSchedule } from '../schedule';
import { civilFromDay, shanghaiDayOf } from '../../calendar/shanghai-time';
import type { LedgerRow } from './ledger-format';

/** Per-day totals of one merchant: credit, debit, QR, and all channels. */
const WIDTH = 4;
const ALL = 3;
const YEAR_SPAN = 4096;

function grow<T extends Float64Array | Int32Array>(array: T, length: number, make: (n: number) => T): T {
  if (length <= array.length) return array;
  const bigger = make(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}

/**
 * Running per-day and per-year totals of every merchant, in flat typed arrays indexed by a
 * merchant number: no object per merchant or per day, so a million rows over 20,000 merchants
 * cost no garbage. The current day and year of each merchant sit in the arrays (ledgers come in
 * time order, so nearly every row hits them); a day or year left behind is parked in a map keyed
 * by (merchant, day), so a row that goes back in time still counts against the right day.
 */
export class LedgerLimitTracker {
  private readonly index = new Map<string, number>();
  private day = new Int32Array(1024);
  private totals = new Float64Array(1024 * WIDTH);
  private year = new Int32Array(1024);
  private yearTotal = new Float64Array(1024);
  /** day → merchant → slot in `parked`; small-integer keys keep the maps cheap. */
  private readonly parkedDays = new Map<number, Map<number, number>>();
  private parked = new Float64Array(1024 * WIDTH);
  private parkedCount = 0;
  private readonly parkedYears = new Map<number, number>();
  private lastDay = Number.NaN;
  private lastYear = 0;
  readonly verdict: LimitScratch = newLimitScratch();

  get merchantCount(): number {
    return this.index.size;
  }

  /** Checks the row against the schedule's limits; counts it only when allowed. Result in `verdict`. */
  check(row: LedgerRow, schedule: CompiledSchedule): boolean {
    const day = shanghaiDayOf(row.atMs);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastYear = civilFromDay(day).year;
    }
    const m = this.merchant(row.merchant, day, this.lastYear);
    if (this.day[m] !== day) this.switchDay(m, day);
    if (this.year[m] !== this.lastYear) this.switchYear(m, this.lastYear);
    const base = m * WIDTH;
    const totals = this.totals;
    const allowed = evaluateLimits(
      this.verdict,
      schedule,
      row.group,
      row.amountFen,
      row.questionnaireSkipped,
      row.classII,
      totals[base + row.group]!,
      totals[base + ALL]!,
      this.yearTotal[m]!,
    );
    if (allowed) {
      totals[base + row.group] = totals[base + row.group]! + row.amountFen;
      totals[base + ALL] = totals[base + ALL]! + row.amountFen;
      this.yearTotal[m] = this.yearTotal[m]! + row.amountFen;
    }
    return allowed;
  }

  private merchant(id: string, day: number, year: number): number {
    let m = this.index.get(id);
    if (m !== undefined) return m;
    m = this.index.size;
    this.index.set(id, m);
    this.day = grow(this.day, m + 1, (n) => new Int32Array(n));
    this.year = grow(this.year, m + 1, (n) => new Int32Array(n));
    this.yearTotal = grow(this.yearTotal, m + 1, (n) => new Float64Array(n));
    this.totals = grow(this.totals, (m + 1) * WIDTH, (n) => new Float64Array(n));
    this.day[m] = day;
    this.year[m] = year;
    return m;
  }

  private switchDay(m: number, day: number): void {
    const base = m * WIDTH;
    const totals = this.totals;
    const leavingDay = this.day[m]!;
    let parkedHere = this.parkedDays.get(leavingDay);
    if (parkedHere === undefined) {
      parkedHere = new Map();
      this.parkedDays.set(leavingDay, parkedHere);
    }
    let slot = parkedHere.get(m);
    if (slot === undefined) {
      slot = this.parkedCount++;
      this.parked = grow(this.parked, this.parkedCount * WIDTH, (n) => new Float64Array(n));
      parkedHere.set(m, slot);
    }
    const parked = this.parked;
    for (let i = 0; i < WIDTH; i++) parked[slot * WIDTH + i] = totals[base + i]!;
    const back = this.parkedDays.get(day)?.get(m);
    for (let i = 0; i < WIDTH; i++) totals[base + i] = back === undefined ? 0 : parked[back * WIDTH + i]!;
    this.day[m] = day;
  }

  private switchYear(m: number, year: number): void {
    this.parkedYears.set(m * YEAR_SPAN + (this.year[m]! % YEAR_SPAN), this.yearTotal[m]!);
    this.yearTotal[m] = this.parkedYears.get(m * YEAR_SPAN + (year % YEAR_SPAN)) ?? 0;
    this.year[m] = year;
  }
}
