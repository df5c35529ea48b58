import {
  FeeInputError,
  LEDGER_ERROR_REASONS,
  LedgerRowsError,
  type LedgerErrorReason,
  type LedgerRowError,
} from '../errors';
import { isFormulaLike } from '../../../../native/formats/csv-output';
import type { CompiledSchedule } from '../schedule';
import type { ScheduleBook } from '../schedule-book';
import { formatShanghaiIso } from '../../calendar/shanghai-time';
import { decodeRow, newLedgerRow, resolveColumns, type LedgerColumns, type LedgerRow } from './ledger-format';
import type { Fields, RecordSink, SplitOptions } from './ledger-reader';

const isLedgerReason = (reason: string | undefined): reason is LedgerErrorReason =>
  (LEDGER_ERROR_REASONS as readonly (string | undefined)[]).includes(reason);

/** Bits of LedgerTable#flags. */
export const CLASS_II = 1;
export const QUESTIONNAIRE_SKIPPED = 2;
/** The row has a cell a spreadsheet would take for a formula (see native/formats/csv-output.ts). */
export const FORMULA_CELL = 4;

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
 * Merchant ids → small numbers, looked up by their bytes in an open-addressing hash table, so a
 * row costs a hash over a few bytes and no string (a million rows, a few thousand merchants).
 */
class MerchantIndex {
  readonly ids: string[] = [];
  private slots = new Int32Array(1 << 12).fill(-1);
  private hashes = new Int32Array(1 << 11);
  private starts = new Int32Array(1 << 11);
  private bytes = Buffer.allocUnsafe(1 << 14);
  private used = 0;

  indexOf(buf: Buffer, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const m = this.slots[s]!;
      if (m < 0) return this.add(s, h, buf, start, end);
      if (this.hashes[m] === h && this.sameBytes(m, buf, start, end)) return m;
    }
  }

  private sameBytes(m: number, buf: Buffer, start: number, end: number): boolean {
    const from = this.starts[m]!;
    const to = m + 1 < this.ids.length ? this.starts[m + 1]! : this.used;
    if (to - from !== end - start) return false;
    const bytes = this.bytes;
    for (let i = 0; i < end - start; i++) if (bytes[from + i] !== buf[start + i]) return false;
    return true;
  }

  private add(slot: number, h: number, buf: Buffer, start: number, end: number): number {
    const m = this.ids.length;
    this.ids.push(buf.toString('utf8', start, end));
    if (m === this.hashes.length) {
      this.hashes = grown(this.hashes, m * 2, (k) => new Int32Array(k));
      this.starts = grown(this.starts, m * 2, (k) => new Int32Array(k));
    }
    if (this.used + (end - start) > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.used + end - start));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.hashes[m] = h;
    this.starts[m] = this.used;
    this.used += buf.copy(this.bytes, this.used, start, end);
    this.slots[slot] = m;
    // Keep the table at most half full so probes stay short.
    if (2 * (m + 1) > this.slots.length) this.rehash();
    return m;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let m = 0; m < this.ids.length; m++) {
      let s = this.hashes[m]! & mask;
      while (slots[s]! >= 0) s = (s + 1) & mask;
      slots[s] = m;
    }
    this.slots = slots;
  }
}

/**
 * Every decoded row of a ledger in flat columns, in file order (index 0 = first data row). Limits
 * need the whole ledger before any verdict (a transaction listed last may have happened first),
 * so the rows are kept — as numbers in typed arrays, about 30 bytes a row, not as objects.
 */
export class LedgerTable {
  count = 0;
  line: Int32Array;
  atMs: Float64Array;
  amountFen: Float64Array;
  /** Index into `merchantIds`. */
  merchant: Int32Array;
  /** Index into CHANNEL_CODES. */
  channel: Uint8Array;
  flags: Uint8Array;
  /** Index into the book's versions of the version that prices the row. */
  version: Uint16Array;
  /** True while no row's time is earlier than the row before it. */
  inTimeOrder = true;
  private readonly merchants = new MerchantIndex();

  /** `capacity`: rows expected; a good guess (from the file size) saves regrowing the columns. */
  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.line = new Int32Array(n);
    this.atMs = new Float64Array(n);
    this.amountFen = new Float64Array(n);
    this.merchant = new Int32Array(n);
    this.channel = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.version = new Uint16Array(n);
  }

  /** Merchant ids by merchant number, in order of first appearance. */
  get merchantIds(): readonly string[] {
    return this.merchants.ids;
  }

  push(row: LedgerRow, version: number, extraFlags = 0): void {
    const i = this.count;
    if (i === this.line.length) this.grow(i * 2);
    const m = this.merchants.indexOf(row.buf, row.merchantStart, row.merchantEnd);
    const atMs = row.atMs;
    if (i > 0 && atMs < this.atMs[i - 1]!) this.inTimeOrder = false;
    this.line[i] = row.line;
    this.atMs[i] = atMs;
    this.amountFen[i] = row.amountFen;
    this.merchant[i] = m;
    this.channel[i] = row.channel;
    this.flags[i] =
      (row.classII ? CLASS_II : 0) | (row.questionnaireSkipped ? QUESTIONNAIRE_SKIPPED : 0) | extraFlags;
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

/** A typical ledger row is 55–65 bytes; guessing a little short means the columns rarely regrow. */
const BYTES_PER_ROW_GUESS = 50;

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
  /** The ledger's size in bytes, when known, to size the table. */
  bytes = 0,
): LedgerLoader {
  const table = new LedgerTable(Math.ceil(bytes / BYTES_PER_ROW_GUESS));
  const errors: LedgerRowError[] = [];
  let errorCount = 0;
  let columns: LedgerColumns | undefined;
  const pinnedIndex = pinned === undefined ? -1 : book.versions.indexOf(pinned);
  const row = newLedgerRow();
  const rowError = (error: FeeInputError): void => {
    // Without a header no row can be read: that is one error about the file, not one per row.
    const reason = error.reason;
    if (columns === undefined || error.row === undefined || !isLedgerReason(reason)) throw error;
    errorCount++;
    if (errors.length < MAX_LISTED_ROW_ERRORS) {
      errors.push({
        row: error.row,
        field: error.field,
        reason,
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
    table.push(row, version, hasFormulaCell(fields) ? FORMULA_CELL : 0);
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

const EQUALS = 61;
const PLUS = 43;
const MINUS = 45;
const AT = 64;
const TAB = 9;
const CR = 13;

/** Whether any cell starts like a formula: a byte test per cell; the exact rule only for those. */
function hasFormulaCell(fields: Fields): boolean {
  const { buf, starts, ends } = fields;
  for (let i = 0; i < fields.count; i++) {
    const start = starts[i]!;
    if (start === ends[i]) continue;
    const b = buf[start];
    if (b !== EQUALS && b !== PLUS && b !== MINUS && b !== AT && b !== TAB && b !== CR) continue;
    if (isFormulaLike(fields.text(i))) return true;
  }
  return false;
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
