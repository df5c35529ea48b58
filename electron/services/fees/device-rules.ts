import { civilFromDay, shanghaiDayOf } from '../calendar/shanghai-time';
import type { CompiledSchedule } from './schedule';

/**
 * Rules from the merchant guide that the provisioning and support workspaces apply; they live
 * with the fee engine because they are money rules on the same calendar.
 */

/*
 * The amounts (repair fee 100 yuan, device-price threshold 1,000 yuan) are versioned in the fee
 * schedules' `device` block: a rule applies the version in force when it is decided.
 */

export interface TransactionAmount {
  readonly atMs: number;
  readonly amountFen: number;
}

/** 'YYYY-MM' of an instant on the Shanghai calendar. */
export function shanghaiMonthOf(epochMs: number): string {
  const { year, month } = civilFromDay(shanghaiDayOf(epochMs));
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/**
 * Volume in the calendar month the device was activated in (the "first month"), Shanghai time.
 * A device activated on the 28th has only a few days to reach it — that is the guide's rule.
 */
export function firstMonthVolumeFen(
  activatedAtMs: number,
  transactions: Iterable<TransactionAmount>,
): number {
  const month = shanghaiMonthOf(activatedAtMs);
  let total = 0;
  for (const t of transactions)
    if (t.atMs >= activatedAtMs && shanghaiMonthOf(t.atMs) === month) total += t.amountFen;
  return total;
}

/** The device is free when its first calendar month's volume reaches the schedule's threshold. */
export function devicePriceWaived(
  schedule: Pick<CompiledSchedule, 'devicePriceWaiverFen'>,
  firstMonthVolume: number,
): boolean {
  return firstMonthVolume >= schedule.devicePriceWaiverFen;
}

/** A device is idle for a calendar month ('YYYY-MM', Shanghai) in which it made no transaction. */
export function isIdleInMonth(month: string, transactionTimesMs: Iterable<number>): boolean {
  for (const t of transactionTimesMs) if (shanghaiMonthOf(t) === month) return false;
  return true;
}

/** The schedule's repair fee, or nothing when the damage is not the user's fault (then the unit is replaced free). */
export function repairFeeFen(
  schedule: Pick<CompiledSchedule, 'repairFeeFen'>,
  damage: { readonly userAtFault: boolean },
): number {
  return damage.userAtFault ? schedule.repairFeeFen : 0;
}
