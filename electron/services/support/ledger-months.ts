import { createHash } from 'node:crypto';
import { FeeInputError } from '../fees/errors';
import { devicePriceWaived, firstMonthVolumeFen, isIdleInMonth, shanghaiMonthOf } from '../fees/device-rules';
import type { ScheduleBook } from '../fees/schedule-book';
import { formatShanghaiIso } from '../calendar/shanghai-time';
import { judgeLedgerText } from './judged-ledger';

/**
 * Reads a merchant ledger (the fee engine's CSV, judged by the engine's own modules so limits —
 * in the order the transactions happened — decide what was really taken) into per-merchant and per-unit transaction times and amounts. Rows the
 * limits refused took no money and count for nothing. An optional `serial` column names the unit
 * that took each row, for the idle list per unit.
 */
interface Taken {
  readonly atMs: number;
  readonly amountFen: number;
}

interface LedgerActivity {
  readonly byMerchant: Map<string, Taken[]>;
  readonly serialsOf: Map<string, Map<string, number[]>>;
  readonly sha256: string;
}

function activity(book: ScheduleBook, csv: string): LedgerActivity {
  let serialColumn = -1;
  const serialOfLine = new Map<number, string>();
  const { table, verdicts } = judgeLedgerText(book, csv, {
    header(fields) {
      for (let i = 0; i < fields.count; i++)
        if (fields.text(i).trim().toLowerCase() === 'serial') serialColumn = i;
    },
    row(fields, line) {
      const serial = serialColumn < 0 ? '' : fields.text(serialColumn).trim().toUpperCase();
      if (serial !== '') serialOfLine.set(line, serial);
    },
  });
  const byMerchant = new Map<string, Taken[]>();
  const serialsOf = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < table.count; i++) {
    if (verdicts.refusedBy[i]! >= 0) continue;
    const merchant = table.merchantIds[table.merchant[i]!]!;
    const atMs = table.atMs[i]!;
    const list = byMerchant.get(merchant) ?? [];
    list.push({ atMs, amountFen: table.amountFen[i]! });
    byMerchant.set(merchant, list);
    const serial = serialOfLine.get(table.line[i]!);
    if (serial !== undefined) {
      const units = serialsOf.get(merchant) ?? new Map<string, number[]>();
      const times = units.get(serial) ?? [];
      times.push(atMs);
      units.set(serial, times);
      serialsOf.set(merchant, units);
    }
  }
  return { byMerchant, serialsOf, sha256: createHash('sha256').update(csv, 'utf8').digest('hex') };
}

export interface FirstMonthVolume {
  readonly merchantId: string;
  /** The merchant's first transaction in the ledger: the unit's activation (its test transaction). */
  readonly firstTransactionAt: string;
  readonly month: string;
  readonly volumeFen: number;
  readonly thresholdFen: number;
  readonly waived: boolean;
  readonly ledgerSha256: string;
}

/** The device-price waiver: the first calendar month's volume reaches 1,000 yuan (fee engine's rule). */
export function firstMonthFromLedger(book: ScheduleBook, csv: string, merchantId: string): FirstMonthVolume {
  const { byMerchant, sha256 } = activity(book, csv);
  const taken = byMerchant.get(merchantId);
  if (taken === undefined || taken.length === 0)
    throw new FeeInputError('merchant', `merchant '${merchantId}' has no transaction taken in this ledger`);
  const first = taken.reduce((m, t) => Math.min(m, t.atMs), Infinity);
  const volumeFen = firstMonthVolumeFen(first, taken);
  // The threshold of the schedule in force when the unit was activated (its first transaction).
  const schedule = book.inForceAt(first);
  return {
    merchantId,
    firstTransactionAt: formatShanghaiIso(first),
    month: shanghaiMonthOf(first),
    volumeFen,
    thresholdFen: schedule.devicePriceWaiverFen,
    waived: devicePriceWaived(schedule, volumeFen),
    ledgerSha256: sha256,
  };
}

export interface IdleEntry {
  readonly merchantId: string;
  /** The unit, when the ledger has a serial column; null = the merchant as a whole. */
  readonly serial: string | null;
  readonly lastTransactionAt: string;
}

export interface IdleReport {
  readonly month: string;
  readonly merchants: number;
  readonly idle: IdleEntry[];
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Idle in a calendar month (Asia/Shanghai): no transaction in it. Only merchants and units the
 * ledger shows active before the month are listed; one that first appears later was not yet
 * trading. Each unit is judged on its own where the ledger names units.
 */
export function idleFromLedger(book: ScheduleBook, csv: string, month: string): IdleReport {
  if (!MONTH.test(month)) throw new FeeInputError('month', `month '${month}' is not YYYY-MM`);
  const { byMerchant, serialsOf } = activity(book, csv);
  const idle: IdleEntry[] = [];
  const before = (times: readonly number[]) => times.filter((t) => shanghaiMonthOf(t) < month);
  for (const [merchantId, taken] of byMerchant) {
    const units = serialsOf.get(merchantId);
    const groups: [string | null, number[]][] = units ? [...units] : [[null, taken.map((t) => t.atMs)]];
    for (const [serial, times] of groups) {
      const earlier = before(times);
      if (earlier.length === 0 || !isIdleInMonth(month, times)) continue;
      idle.push({
        merchantId,
        serial,
        lastTransactionAt: formatShanghaiIso(earlier.reduce((m, t) => Math.max(m, t), -Infinity)),
      });
    }
  }
  idle.sort((a, b) => (a.lastTransactionAt < b.lastTransactionAt ? -1 : 1));
  return { month, merchants: byMerchant.size, idle };
}
