import { FeeInputError, LedgerRowsError, type LedgerRowError } from '../errors';
import type { CompiledSchedule } from '../schedule';
import type { ScheduleBook } from '../schedule-book';
import { formatShanghaiIso } from '../../calendar/shanghai-time';
import { decodeRow, newLedgerRow, resolveColumns, type LedgerColumns } from './ledger-format';
import type { Fields, RecordSink, SplitOptions } from './ledger-reader';

/** Bits of LedgerTable#flags. */
export const CLASS_II = 1;
export const QUESTIONNAIRE_SKIPPED = 2;

/** A ledger lists at most this many unreadable rows; the count covers all of them. */
export const MAX_LISTED_ROW_ERRORS = 1000;

function grown<T extends Float64Array | Int32Array | Uint8Array | Uint16Array>(
  array: T,
  length: number,
  make: (n: number) => T,
): T {
  const bigger = make(length);
  bigger.set(array);
  return bigger;
}

/**
 * Every decoded row of a ledger in flat columns, in file order (index 0 = first data row). Limits
 * need the whole ledger before any verdict (a transaction listed last may have happened first),
 * so the rows are kept — as numbers in typed arrays, about 30 bytes a row, not as objects.
 */
export class LedgerTable {
  count = 0;
  line = new Int32Array(1024);
  atMs = new Float64Array(1024);
  amountFen = new Float64Array(1024);
  /** Index into `merchantIds`. */
  merchant = new Int32Array(1024);
  /** Index into CHANNEL_CODES. */
  channel = new Uint8Array(1024);
  flags = new Uint8Array(1024);
  /** Index into the book's versions of the version that prices the row. */
  version = new Uint16Array(1024);
  /** True while no row's time is earlier than the row before it. */
  inTimeOrder = true;
  readonly merchantIds: string[] = [];
  private readonly merchantIndex = new Map<string, number>();

  push(
    line: number,
    atMs: number,
    merchant: string,
    channel: number,
    amountFen: number,
    flags: number,
    version: number,
  ): void {
    const i = this.count;
    if (i === this.line.length) this.grow(i * 2);
    let m = this.merchantIndex.get(merchant);
    if (m === undefined) {
      m = this.merchantIds.length;
      this.merchantIds.push(merchant);
      this.merchantIndex.set(merchant, m);
    }
    if (i > 0 && atMs < this.atMs[i - 1]!) this.inTimeOrder = false;
    this.line[i] = line;
    this.atMs[i] = atMs;
    this.amountFen[i] = amountFen;
    this.merchant[i] = m;
    this.channel[i] = channel;
    this.flags[i] = flags;
    this.version[i] = version;
    this.count = i + 1;
  }

  private grow(n: number): void {
    this.line = grown(this.line, n, (k) => new Int32Array(k));
    this.atMs = grown(this.atMs, n, (k) => new Float64Array(k));
    this.amountFen = grown(this.amountFen, n, (k) => new Float64Array(k));
    this.merchant = grown(this.merchant, n, (k) => new Int32Array(k));
    this.channel = grown(this.channel, n, (k) => new Uint8Array(k));
    this.flags = grown(this.flags, n, (k) => new Uint8Array(k));
    this.version = grown(this.version, n, (k) => new Uint16Array(k));
  }
}

export type HeaderHandler = (fields: Fields, buf: Buffer, start: number, end: number) => void;

export interface LedgerLoader {
  /** Feed to readLedgerFile / readLedgerText together with `split`. */
  readonly sink: RecordSink;
  readonly split: SplitOptions;
  /** The table once every line was read; throws when the ledger was empty or had bad rows. */
  finish(): LedgerTable;
}

/**
 * First pass over a ledger: header, then each row decoded into the table with the version that
 * prices it (`pinned`, or the one in force at the row's time). A bad header stops at once; bad
 * rows are collected (up to MAX_LISTED_ROW_ERRORS) and reported together by finish().
 */
export function ledgerLoader(
  book: ScheduleBook,
  pinned: CompiledSchedule | undefined,
  onHeader: HeaderHandler,
): LedgerLoader {
  const table = new LedgerTable();
  const errors: LedgerRowError[] = [];
  let errorCount = 0;
  let columns: LedgerColumns | undefined;
  const pinnedIndex = pinned === undefined ? -1 : book.versions.indexOf(pinned);
  const row = newLedgerRow();
  const rowError = (error: FeeInputError): void => {
    // Without a header no row can be read: that is one error about the file, not one per row.
    if (columns === undefined || error.row === undefined || error.reason === undefined) throw error;
    errorCount++;
    if (errors.length < MAX_LISTED_ROW_ERRORS) {
      errors.push({
        row: error.row,
        field: error.field,
        reason: error.reason,
        value: error.value ?? '',
        message: error.message,
      });
    }
  };
  const sink: RecordSink = (fields, buf, start, end, line) => {
    if (columns === undefined) {
      columns = resolveColumns(fields);
      onHeader(fields, buf, start, end);
      return;
    }
    try {
      decodeRow(fields, columns, line, row);
    } catch (e) {
      if (!(e instanceof FeeInputError)) throw e;
      rowError(e);
      return;
    }
    const version = pinnedIndex >= 0 ? pinnedIndex : book.indexAt(row.atMs);
    if (version < 0) {
      const at = formatShanghaiIso(row.atMs);
      rowError(
        new FeeInputError(
          'time',
          `ledger row ${line}, field 'time': no fee schedule is in force at ${at}`,
          line,
          'ledger.time.no_schedule',
          at,
        ),
      );
      return;
    }
    const flags = (row.classII ? CLASS_II : 0) | (row.questionnaireSkipped ? QUESTIONNAIRE_SKIPPED : 0);
    table.push(line, row.atMs, row.merchant, row.channel, row.amountFen, flags, version);
  };
  return {
    sink,
    split: { onRowError: rowError },
    finish: () => {
      if (columns === undefined) {
        throw new FeeInputError(
          '(file)',
          'the ledger is empty: expected a header line time,merchant,channel,amount',
          1,
          'ledger.empty',
        );
      }
      if (errorCount > 0) throw new LedgerRowsError(errors, errorCount);
      return table;
    },
  };
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
