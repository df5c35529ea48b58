import { evaluateLimits, newLimitScratch, type LimitScratch } from '../limits';
import type { CompiledSchedule } from '../schedule';
import { civilFromDay, shanghaiDayOf } from '../../calendar/shanghaiTime';
import type { LedgerRow } from './ledgerFormat';

/** Per-day totals of one merchant: credit, debit, QR, and all channels. */
const ALL = 3;

/**
 * One merchant's running totals. The current day and year are kept in fields (ledgers come in
 * time order, so nearly every row hits them); days and years left behind are kept in maps so a
 * row that goes back in time still counts against the right day.
 */
class MerchantTotals {
  day = Number.NaN;
  dayTotals: Float64Array = new Float64Array(4);
  year = Number.NaN;
  yearTotal = 0;
  private pastDays: Map<number, Float64Array> | undefined;
  private pastYears: Map<number, number> | undefined;

  moveTo(day: number, year: number): void {
    if (day !== this.day) {
      if (!Number.isNaN(this.day)) (this.pastDays ??= new Map()).set(this.day, this.dayTotals);
      this.dayTotals = this.pastDays?.get(day) ?? new Float64Array(4);
      this.day = day;
    }
    if (year !== this.year) {
      if (!Number.isNaN(this.year)) (this.pastYears ??= new Map()).set(this.year, this.yearTotal);
      this.yearTotal = this.pastYears?.get(year) ?? 0;
      this.year = year;
    }
  }
}

/** Limit verdicts for ledger rows in file order, with running per-day and per-year totals per merchant. */
export class LedgerLimitTracker {
  private readonly merchants = new Map<string, MerchantTotals>();
  private lastDay = Number.NaN;
  private lastYear = 0;
  readonly verdict: LimitScratch = newLimitScratch();

  /** Checks the row against the schedule's limits; counts it only when allowed. Result in `verdict`. */
  check(row: LedgerRow, schedule: CompiledSchedule): boolean {
    let totals = this.merchants.get(row.merchant);
    if (totals === undefined) {
      totals = new MerchantTotals();
      this.merchants.set(row.merchant, totals);
    }
    const day = shanghaiDayOf(row.atMs);
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastYear = civilFromDay(day).year;
    }
    totals.moveTo(day, this.lastYear);
    const dayTotals = totals.dayTotals;
    const allowed = evaluateLimits(
      this.verdict,
      schedule,
      row.group,
      row.amountFen,
      row.questionnaireSkipped,
      row.classII,
      dayTotals[row.group]!,
      dayTotals[ALL]!,
      totals.yearTotal,
    );
    if (allowed) {
      dayTotals[row.group] = dayTotals[row.group]! + row.amountFen;
      dayTotals[ALL] = dayTotals[ALL]! + row.amountFen;
      totals.yearTotal += row.amountFen;
    }
    return allowed;
  }

  get merchantCount(): number {
    return this.merchants.size;
  }
}
