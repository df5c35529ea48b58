import { stat } from 'node:fs/promises';
import { FeeInputError } from '../fees/errors';
import { readLedgerFile, readLedgerText, type Fields, type RecordSink } from '../fees/ledger/ledger-reader';
import { ledgerLoader, type LedgerLoader, type LedgerTable } from '../fees/ledger/ledger-table';
import { replayInTimeOrder, type Verdicts } from '../fees/ledger/replay';
import type { ScheduleBook } from '../fees/schedule-book';

/**
 * A merchant ledger read and judged by the fee engine's own modules, exactly as `fees check` and
 * `fees reprice` judge it: rows kept in file order (ledger-table.ts), limits judged in the order
 * the transactions happened (replay.ts), each row priced by the version in force at its time.
 * Support reads its own extra columns through `columns` while the file is read, keyed by file line
 * (LedgerTable#line), since the table keeps only the engine's columns.
 */
export interface SupportColumns {
  /** The header line's fields, once, after the engine accepted them. */
  header(fields: Fields): void;
  /**
   * Each data row with its file line. May throw FeeInputError naming the row and field; that is
   * reported once the whole file was read, after the engine's own row errors (which come first).
   */
  row(fields: Fields, line: number): void;
}

export interface JudgedLedger {
  readonly table: LedgerTable;
  readonly verdicts: Verdicts;
}

function judging(book: ScheduleBook, columns: SupportColumns, bytes: number) {
  let width = -1;
  let columnError: FeeInputError | undefined;
  const load: LedgerLoader = ledgerLoader(
    book,
    undefined,
    (header) => {
      width = header.count;
      columns.header(header);
    },
    bytes,
  );
  const sink: RecordSink = (fields, buf, start, end, line) => {
    const isHeader = width < 0;
    load.sink(fields, buf, start, end, line);
    // A row with the wrong number of fields is the engine's to report: its cells are not where
    // the header says. After one bad support cell the rest are not read.
    if (isHeader || fields.count !== width || columnError !== undefined) return;
    try {
      columns.row(fields, line);
    } catch (e) {
      if (!(e instanceof FeeInputError) || e.row === undefined) throw e;
      columnError = e;
    }
  };
  const finish = (): JudgedLedger => {
    const table = load.finish();
    if (columnError !== undefined) throw columnError;
    return { table, verdicts: replayInTimeOrder(table, book) };
  };
  return { sink, split: load.split, finish };
}

export function judgeLedgerText(book: ScheduleBook, csv: string, columns: SupportColumns): JudgedLedger {
  const run = judging(book, columns, csv.length);
  readLedgerText(csv, run.sink, run.split);
  return run.finish();
}

export async function judgeLedgerFile(
  book: ScheduleBook,
  file: string,
  columns: SupportColumns,
): Promise<JudgedLedger> {
  const run = judging(book, columns, (await stat(file)).size);
  await readLedgerFile(file, run.sink, run.split);
  return run.finish();
}
