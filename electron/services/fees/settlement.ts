import type { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { MINUTE_MS, shanghaiDayOf, shanghaiInstant } from '../calendar/shanghai-time';

/** T+1 funds arrive after 10:00 on the next working day (guide: 次个工作日 10 点后). */
export const T1_HOUR = 10;
/** Instant settlement (秒到) arrives within 2 minutes. */
export const INSTANT_WITHIN_MS = 2 * MINUTE_MS;

export type SettlementMode = 't1' | 'instant';

export interface SettlementTerms {
  /** The merchant has switched instant settlement on. */
  readonly instantEnabled: boolean;
  /** A merchant's first transaction always settles T+1, whatever the setting. */
  readonly firstTransaction: boolean;
}

export interface Settlement {
  readonly mode: SettlementMode;
  /** When the funds are due: 10:00 Shanghai on the next working day, or the 2-minute deadline. */
  readonly atMs: number;
}

export function settle(
  calendar: WorkingDayCalendar,
  transactionMs: number,
  terms: SettlementTerms,
): Settlement {
  if (terms.instantEnabled && !terms.firstTransaction)
    return { mode: 'instant', atMs: transactionMs + INSTANT_WITHIN_MS };
  const day = calendar.addWorkingDayNumbers(shanghaiDayOf(transactionMs), 1);
  return { mode: 't1', atMs: shanghaiInstant(day, T1_HOUR) };
}
