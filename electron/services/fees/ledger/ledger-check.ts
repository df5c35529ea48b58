import { stat } from 'node:fs/promises';
import { LIMIT_REASONS, type LimitReason } from '../limits';
import type { ScheduleBook } from '../schedule-book';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';
import { CHANNEL_CODES } from './ledger-format';
import { readLedgerFile, readLedgerText } from './ledger-reader';
import { ledgerLoader, pickVersion, type LedgerLoader, type LedgerTable } from './ledger-table';
import { replayInTimeOrder } from './replay';

/** A report lists at most this many breaches; counts cover all of them. */
export const MAX_LISTED_BREACHES = 1000;

export interface LedgerBreach {
  /** File line of the row (the header is row 1). */
  readonly row: number;
  readonly merchant: string;
  /** Shanghai calendar day of the transaction. */
  readonly date: string;
  readonly channel: string;
  readonly amountFen: number;
  readonly reason: LimitReason;
  /** What the merchant could still have taken in on that row; the row's amount exceeded it. */
  readonly headroomFen: number;
}

export interface LedgerCheckReport {
  readonly rows: number;
  readonly allowedRows: number;
  readonly refusedRows: number;
  readonly merchants: number;
  readonly refusedByReason: Partial<Record<LimitReason, number>>;
  /** The first MAX_LISTED_BREACHES refused rows in file order. */
  readonly breaches: LedgerBreach[];
  readonly breachesTruncated: boolean;
}

function report(table: LedgerTable, book: ScheduleBook): LedgerCheckReport {
  const { refusedBy, headroomFen, refusedRows } = replayInTimeOrder(table, book);
  const refusedByReason: Partial<Record<LimitReason, number>> = {};
  const breaches: LedgerBreach[] = [];
  for (let i = 0; i < table.count; i++) {
    const binding = refusedBy[i]!;
    if (binding < 0) continue;
    const reason = LIMIT_REASONS[binding]!;
    refusedByReason[reason] = (refusedByReason[reason] ?? 0) + 1;
    if (breaches.length < MAX_LISTED_BREACHES) {
      breaches.push({
        row: table.line[i]!,
        merchant: table.merchantIds[table.merchant[i]!]!,
        date: formatDay(shanghaiDayOf(table.atMs[i]!)),
        channel: CHANNEL_CODES[table.channel[i]!]!.code,
        amountFen: table.amountFen[i]!,
        reason,
        headroomFen: headroomFen[i]!,
      });
    }
  }
  return {
    rows: table.count,
    allowedRows: table.count - refusedRows,
    refusedRows,
    merchants: table.merchantIds.length,
    refusedByReason,
    breaches,
    breachesTruncated: refusedRows > breaches.length,
  };
}

function loader(book: ScheduleBook, versionId: string | undefined, bytes: number): LedgerLoader {
  return ledgerLoader(book, pickVersion(book, versionId), () => undefined, bytes);
}

/**
 * Per-transaction, per-day and per-year limit check over a ledger held in memory. Throws
 * LedgerRowsError listing every unreadable row (a ledger with bad rows is not judged).
 */
export function checkLedgerText(book: ScheduleBook, csv: string, versionId?: string): LedgerCheckReport {
  const load = loader(book, versionId, csv.length);
  readLedgerText(csv, load.sink, load.split);
  return report(load.finish(), book);
}

export async function checkLedgerFile(
  book: ScheduleBook,
  file: string,
  versionId?: string,
): Promise<LedgerCheckReport> {
  const load = loader(book, versionId, (await stat(file)).size);
  await readLedgerFile(file, load.sink, load.split);
  return report(load.finish(), book);
}
