import Decimal from 'decimal.js';
import type { ScheduleFile } from '../../electron/services/fees/schedule-file';

/**
 * The straightforward way to write the same quote: decimal.js on yuan, rates as decimal
 * fractions, half-up to the fen. The comparison baseline for bench/fees/run.ts.
 */
export interface DecimalRate {
  readonly rate: Decimal;
  readonly cap: Decimal | null;
  readonly fixed: Decimal;
}

export function decimalRate(rate: ScheduleFile['rates']['credit']): DecimalRate {
  return {
    rate: new Decimal(rate.ppm).div(1_000_000),
    cap: rate.capFen === undefined ? null : new Decimal(rate.capFen).div(100),
    fixed: new Decimal(rate.fixedFen).div(100),
  };
}

/** Fee in yuan for an amount in yuan (both decimal strings in, Decimal out). */
export function decimalFee(amountYuan: string, r: DecimalRate): Decimal {
  let pct = new Decimal(amountYuan).times(r.rate).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  if (r.cap !== null && pct.greaterThan(r.cap)) pct = r.cap;
  return pct.plus(r.fixed);
}
