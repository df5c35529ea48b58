import { parse as parseCsvSync } from 'csv-parse/sync';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { csvField } from '../../../../native/formats/csv-output';
import { FeeInputError } from '../errors';
import type { RateSlot } from '../../../contract/domain/fees/channels';
import { LIMIT_REASONS } from '../limits';
import { priceFen } from '../quote';
import type { ScheduleBook } from '../schedule-book';
import { ByteWriter } from './byte-writer';
import { CHANNEL_CODES } from './ledger-format';
import { MAX_LINE_BYTES, readLedgerFile } from './ledger-reader';
import { FORMULA_CELL, ledgerLoader, pickVersion } from './ledger-table';
import { removeStaleRepriceTemps, repriceTempPath } from './reprice-temp';
import { replayInTimeOrder } from './replay';

/** Columns appended to every row of a repriced ledger. */
export const REPRICE_COLUMNS = ['fee', 'net', 'schedule_version', 'limit', 'flagged'] as const;

export interface RepriceOptions {
  readonly input: string;
  readonly output: string;
  /** Price every row under this version; absent = the version in force at each row's time. */
  readonly version?: string;
  /**
   * Called as the input is read: work done and work in all, in bytes. The ledger is read twice
   * (once to judge every row, once to write it out), so the total is twice the file size.
   */
  readonly onProgress?: (done: number, total: number) => void;
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
const SLOT_OF_CHANNEL = Uint8Array.from(CHANNEL_CODES, (c) => c.slot);

/** A row's cells neutralised and re-quoted (csv-output.ts), without its line end. */
function neutralisedRow(text: string, line: number): string {
  const cells = (parseCsvSync(text) as string[][])[0] ?? [];
  return cells.map((c, i) => csvField(c, line, `column ${i + 1}`)).join(',');
}

/**
 * Writes `input` with fee and net (yuan), the schedule version, the refusing limit (empty when
 * allowed) and 'yes' when the fee is at or above the amount appended to each row, rows in the
 * input's order. Limits are judged in the order the transactions happened (replay.ts), so the
 * whole ledger is read and judged first; a second read copies each row's original bytes
 * unchanged (quoting and extra columns survive) and appends its columns.
 *
 * Atomic: the output goes to a temporary file beside it (reprice-temp.ts) and is renamed into
 * place only after every row succeeded; on an error the temporary file is removed and the output
 * is untouched. A temp file left by a killed run is removed by the next run in that directory.
 */
export async function repriceLedgerFile(
  book: ScheduleBook,
  options: RepriceOptions,
): Promise<RepriceSummary> {
  const version = pickVersion(book, options.version);
  const size = statSync(options.input).size;
  const progress = options.onProgress;
  const load = ledgerLoader(
    book,
    version,
    (fields) => {
      for (let i = 0; i < fields.count; i++) {
        const name = fields.text(i).trim().toLowerCase();
        if ((REPRICE_COLUMNS as readonly string[]).includes(name)) {
          throw new FeeInputError(
            name,
            `ledger row 1 (header): already has a '${name}' column`,
            1,
            'ledger.header.reserved_column',
            name,
          );
        }
      }
    },
    size,
  );
  await readLedgerFile(options.input, load.sink, {
    ...load.split,
    ...(progress === undefined ? {} : { onProgress: (read: number) => progress(read, 2 * size) }),
  });
  const table = load.finish();
  const { refusedBy, refusedRows } = replayInTimeOrder(table, book);

  removeStaleRepriceTemps(dirname(options.output));
  const temp = repriceTempPath(options.output);
  const fd = openSync(temp, 'wx');
  const out = new ByteWriter(fd, 2 * (MAX_LINE_BYTES + SUFFIX_BYTES));
  const { amountFen, channel } = table;
  const versions = book.versions.map((v) => ({ schedule: v, id: v.idBytes }));
  let k = -1;
  let feeTotal = 0;
  const changed = (): FeeInputError =>
    new FeeInputError('(file)', `${options.input} changed while it was being repriced; run again`);
  let closed = false;
  try {
    await readLedgerFile(
      options.input,
      (_fields, buf, start, end, line) => {
        if (k < 0) {
          const header = Buffer.from(neutralisedRow(buf.toString('utf8', start, end), line), 'utf8');
          out.reserve(header.length + SUFFIX_BYTES);
          out.bytes(header);
          out.ascii(`,${REPRICE_COLUMNS.join(',')}\n`);
          k = 0;
          return;
        }
        if (k >= table.count || table.line[k] !== line) throw changed();
        if ((table.flags[k]! & FORMULA_CELL) === 0) {
          out.reserve(end - start + SUFFIX_BYTES);
          out.copy(buf, start, end);
        } else {
          // Rare: a cell a spreadsheet would run. The row is rewritten by the CSV output rules.
          const row = Buffer.from(neutralisedRow(buf.toString('utf8', start, end), line), 'utf8');
          out.reserve(row.length + SUFFIX_BYTES);
          out.bytes(row);
        }
        const amount = amountFen[k]!;
        const v = versions[table.version[k]!]!;
        const fee = priceFen(v.schedule, SLOT_OF_CHANNEL[channel[k]!]! as RateSlot, amount);
        feeTotal += fee;
        out.byte(COMMA);
        out.yuan(fee);
        out.byte(COMMA);
        out.yuan(amount - fee);
        out.byte(COMMA);
        out.bytes(v.id);
        out.byte(COMMA);
        const binding = refusedBy[k]!;
        if (binding >= 0) out.bytes(REASON_BYTES[binding]!);
        out.byte(COMMA);
        if (fee >= amount) out.bytes(FLAGGED);
        out.byte(LF);
        k++;
      },
      {
        linesOnly: true,
        ...(progress === undefined ? {} : { onProgress: (read: number) => progress(size + read, 2 * size) }),
      },
    );
    if (k !== table.count) throw changed();
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
  return { rows: table.count, refusedRows, feeTotalFen: feeTotal, output: options.output };
}
