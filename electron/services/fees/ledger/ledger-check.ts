import { LIMIT_REASONS, type LimitReason } from '../limits';
import { UNLIMITED } from '../schedule';
import type { ScheduleBook } from '../schedule-book';
import { formatDay, shanghaiDayOf } from '../../calendar/shanghai-time';
import { createLedgerProcessor, pickVersion, type LedgerProcessor } from './ledger-processor';
import { readLedgerFile, readLedgerText } from './ledger-reader';
import { FeeInputError } from '../errors';

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
  readonly breaches: LedgerBreach[];
  readonly breachesTruncated: boolean;
}

function checker(
  book: ScheduleBook,
  versionId: string | undefined,
): { processor: LedgerProcessor; report: () => LedgerCheckReport } {
  const breaches: LedgerBreach[] = [];
  const refusedByReason: Partial<Record<LimitReason, number>> = {};
  let refused = 0;
  let sawHeader = false;
  const processor = createLedgerProcessor(
    book,
    pickVersion(book, versionId),
    () => {
      sawHeader = true;
    },
    (row, _schedule, _buf, _start, _end, allowed, verdict) => {
      if (allowed) return;
      refused++;
      const reason = LIMIT_REASONS[verdict.binding]!;
      refusedByReason[reason] = (refusedByReason[reason] ?? 0) + 1;
      if (breaches.length < MAX_LISTED_BREACHES) {
        breaches.push({
          row: row.line,
          merchant: row.merchant,
          date: formatDay(shanghaiDayOf(row.atMs)),
          channel: row.channelCode,
          amountFen: row.amountFen,
          reason,
          headroomFen: verdict.headroomFen === UNLIMITED ? 0 : verdict.headroomFen,
        });
      }
    },
  );
  const report = (): LedgerCheckReport => {
    if (!sawHeader)
      throw new FeeInputError(
        '(file)',
        'the ledger is empty: expected a header line time,merchant,channel,amount',
        1,
      );
    return {
      rows: processor.rows(),
      allowedRows: processor.rows() - refused,
      refusedRows: refused,
      merchants: processor.tracker.merchantCount,
      refusedByReason,
      breaches,
      breachesTruncated: refused > breaches.length,
    };
  };
  return { processor, report };
}

/** Per-transaction, per-day and per-year limit check over a ledger held in memory. */
export function checkLedgerText(book: ScheduleBook, csv: string, versionId?: string): LedgerCheckReport {
  const { processor, report } = checker(book, versionId);
  readLedgerText(csv, processor.sink);
  return report();
}

export async function checkLedgerFile(
  book: ScheduleBook,
  file: string,
  versionId?: string,
): Promise<LedgerCheckReport> {
  const { processor, report } = checker(book, versionId);
  await readLedgerFile(file, processor.sink);
  return report();
}
