import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FeeInputError } from '../errors';
import { LIMIT_REASONS } from '../limits';
import { priceFen } from '../quote';
import type { ScheduleBook } from '../schedule-book';
import { ByteWriter } from './byte-writer';
import { createLedgerProcessor, pickVersion } from './ledger-processor';
import { MAX_LINE_BYTES, readLedgerFile } from './ledger-reader';

/** Columns appended to every row of a repriced ledger. */
export const REPRICE_COLUMNS = ['fee', 'net', 'schedule_version', 'limit', 'flagged'] as const;

export interface RepriceOptions {
  readonly input: string;
  readonly output: string;
  /** Price every row under this version; absent = the version in force at each row's time. */
  readonly version?: string;
  /** Called as the input is read, with bytes read and the file size. */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void;
}

export interface RepriceSummary {
  readonly rows: number;
  readonly refusedRows: number;
  readonly feeTotalFen: number;
  readonly output: string;
}

/** Room for the appended columns: two amounts, a version id (≤ 64) and a reason code. */
const SUFFIX_BYTES = 256;
const COMMA = 44;
const LF = 10;
const REASON_BYTES = LIMIT_REASONS.map((r) => Buffer.from(r, 'latin1'));
const FLAGGED = Buffer.from('yes', 'latin1');

/**
 * Writes `input` with fee and net (yuan), the schedule version, the refusing limit (empty when
 * allowed) and 'yes' when the fee is at or above the amount appended to each row. The original row bytes are copied unchanged, so quoting
 * and extra columns survive. Atomic: the output goes to a temporary file in the same directory
 * and is renamed into place only after every row succeeded; on any error the temporary file is
 * removed and no output file appears.
 */
export async function repriceLedgerFile(
  book: ScheduleBook,
  options: RepriceOptions,
): Promise<RepriceSummary> {
  const version = pickVersion(book, options.version);
  const totalBytes = statSync(options.input).size;
  const temp = join(dirname(options.output), `.${basename(options.output)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'wx');
  const out = new ByteWriter(fd, 2 * (MAX_LINE_BYTES + SUFFIX_BYTES));
  let sawHeader = false;
  let refused = 0;
  let feeTotal = 0;
  const processor = createLedgerProcessor(
    book,
    version,
    (fields, buf, start, end) => {
      for (let i = 0; i < fields.count; i++) {
        const name = fields.text(i).trim().toLowerCase();
        if ((REPRICE_COLUMNS as readonly string[]).includes(name)) {
          throw new FeeInputError(name, `ledger row 1 (header): already has a '${name}' column`, 1);
        }
      }
      sawHeader = true;
      out.reserve(end - start + SUFFIX_BYTES);
      out.copy(buf, start, end);
      out.ascii(`,${REPRICE_COLUMNS.join(',')}\n`);
    },
    (row, schedule, buf, start, end, allowed, verdict) => {
      const fee = priceFen(schedule, row.slot, row.amountFen);
      feeTotal += fee;
      out.reserve(end - start + SUFFIX_BYTES);
      out.copy(buf, start, end);
      out.byte(COMMA);
      out.yuan(fee);
      out.byte(COMMA);
      out.yuan(row.amountFen - fee);
      out.byte(COMMA);
      out.bytes(schedule.idBytes);
      out.byte(COMMA);
      if (!allowed) {
        refused++;
        out.bytes(REASON_BYTES[verdict.binding]!);
      }
      out.byte(COMMA);
      if (fee >= row.amountFen) out.bytes(FLAGGED);
      out.byte(LF);
    },
  );
  let closed = false;
  try {
    await readLedgerFile(
      options.input,
      processor.sink,
      options.onProgress === undefined ? undefined : (bytes) => options.onProgress?.(bytes, totalBytes),
    );
    if (!sawHeader)
      throw new FeeInputError(
        '(file)',
        'the ledger is empty: expected a header line time,merchant,channel,amount',
        1,
      );
    out.flush();
    fsyncSync(fd);
    closeSync(fd);
    closed = true;
    renameSync(temp, options.output);
  } catch (e) {
    if (!closed) closeSync(fd);
    rmSync(temp, { force: true });
    throw e;
  }
  return { rows: processor.rows(), refusedRows: refused, feeTotalFen: feeTotal, output: options.output };
}
