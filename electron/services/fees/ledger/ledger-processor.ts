import { FeeInputError } from '../errors';
import type { LimitScratch } from '../limits';
import type { CompiledSchedule } from '../schedule';
import type { ScheduleBook } from '../schedule-book';
import { formatShanghaiIso } from '../../calendar/shanghai-time';
import { decodeRow, newLedgerRow, resolveColumns, type LedgerColumns, type LedgerRow } from './ledger-format';
import { LedgerLimitTracker } from './merchant-totals';
import type { Fields, RecordSink } from './ledger-reader';

/**
 * Receives each decoded row, its original bytes buf[start, end), the version that prices it and
 * the limit verdict. Arguments are reused between calls.
 */
export type RowHandler = (
  row: LedgerRow,
  schedule: CompiledSchedule,
  buf: Buffer,
  start: number,
  end: number,
  allowed: boolean,
  verdict: LimitScratch,
) => void;

export type HeaderHandler = (fields: Fields, buf: Buffer, start: number, end: number) => void;

export interface LedgerProcessor {
  readonly sink: RecordSink;
  readonly tracker: LedgerLimitTracker;
  /** Data rows seen so far. */
  rows(): number;
}

/**
 * Turns CSV records into checked rows: header first, then each row decoded, priced by `version`
 * (or by the version in force at its time) and checked against the running limits.
 */
export function createLedgerProcessor(
  book: ScheduleBook,
  version: CompiledSchedule | undefined,
  onHeader: HeaderHandler,
  onRow: RowHandler,
): LedgerProcessor {
  let columns: LedgerColumns | undefined;
  let count = 0;
  const row = newLedgerRow();
  const tracker = new LedgerLimitTracker();
  const sink: RecordSink = (fields, buf, start, end, line) => {
    if (columns === undefined) {
      columns = resolveColumns(fields);
      onHeader(fields, buf, start, end);
      return;
    }
    decodeRow(fields, columns, line, row);
    let schedule = version;
    if (schedule === undefined) {
      schedule = book.versions[book.indexAt(row.atMs)];
      if (schedule === undefined) {
        throw new FeeInputError(
          'time',
          `ledger row ${line}, field 'time': no fee schedule is in force at ${formatShanghaiIso(row.atMs)}`,
          line,
        );
      }
    }
    count++;
    const allowed = tracker.check(row, schedule);
    onRow(row, schedule, buf, start, end, allowed, tracker.verdict);
  };
  return { sink, tracker, rows: () => count };
}

/** Resolves --version; undefined means "the version in force at each row's time". */
export function pickVersion(book: ScheduleBook, id: string | undefined): CompiledSchedule | undefined {
  if (id === undefined) return undefined;
  const version = book.byId(id);
  if (version === undefined) {
    throw new FeeInputError(
      'version',
      `unknown schedule version '${id}' (known: ${book.versions.map((v) => v.id).join(', ')})`,
    );
  }
  return version;
}
