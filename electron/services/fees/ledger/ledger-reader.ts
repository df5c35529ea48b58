import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { FeeInputError } from '../errors';

const MAX_FIELDS = 64;

/**
 * The fields of one CSV record as byte ranges buf[starts[i], ends[i]); reused for every record,
 * so valid only during the sink call that received it.
 */
export class Fields {
  count = 0;
  buf: Buffer = Buffer.alloc(0);
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);

  text(i: number): string {
    return this.buf.toString('utf8', this.starts[i], this.ends[i]);
  }
}

/**
 * Called once per non-blank line with its fields and the line's bytes buf[start, end) (without
 * the line end), so a writer can copy the original row unchanged. `line` is the 1-based file
 * line; the header is line 1.
 */
export type RecordSink = (fields: Fields, buf: Buffer, start: number, end: number, line: number) => void;

/** Longest line we accept: a ledger row is well under a hundred bytes. */
export const MAX_LINE_BYTES = 1 << 20;
const LF = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;

/**
 * Splits CSV bytes into records without building a string per line: commas are found by a byte
 * scan and fields become strings only when asked for. A line holding a double quote is handed
 * to csv-parse, so quoted fields still follow RFC 4180 (line breaks inside fields are refused).
 * Measured against csv-parse's streaming parser in bench/fees (docs/performance.md).
 */
export interface SplitOptions {
  /**
   * Hand each line over without splitting it into fields (`fields.count` is 0): for a second
   * pass that only copies rows the first pass already read.
   */
  readonly linesOnly?: boolean;
  /** Receives a row the splitter cannot read (malformed quoting, too many fields); default: throw. */
  readonly onRowError?: (error: FeeInputError) => void;
}

export class LedgerLineSplitter {
  private line = 0;
  private readonly fields = new Fields();

  constructor(
    private readonly sink: RecordSink,
    private readonly options: SplitOptions = {},
  ) {}

  /** Delivers every complete line of buf[0, end); returns where the unfinished last line starts. */
  feed(buf: Buffer, end: number): number {
    let start = 0;
    let nl = buf.indexOf(LF, 0);
    // One native search per read finds NUL bytes; lines before the first one pay nothing.
    let nul = buf.indexOf(0, 0);
    while (nl !== -1 && nl < end) {
      if (nul !== -1 && nul < nl) {
        this.nulByte(buf, start, nul);
        nul = buf.indexOf(0, nl + 1);
      } else {
        this.emit(buf, start, nl);
      }
      start = nl + 1;
      nl = buf.indexOf(LF, start);
    }
    return start;
  }

  /** Delivers the last line, which has no line end. */
  finish(buf: Buffer, start: number, end: number): void {
    if (end <= start) return;
    const nul = buf.indexOf(0, start);
    if (nul !== -1 && nul < end) this.nulByte(buf, start, nul);
    else this.emit(buf, start, end);
  }

  /** A line holding a NUL byte is not CSV text: refused, naming the column (1-based) it sits in. */
  private nulByte(buf: Buffer, start: number, nul: number): void {
    this.line++;
    let column = 1;
    for (let i = start; i < nul; i++) if (buf[i] === COMMA) column++;
    this.rowError(
      new FeeInputError(
        '(row)',
        `ledger row ${this.line}, column ${column}: contains a NUL byte; the file is damaged or not a ledger`,
        this.line,
        'ledger.row.nul_byte',
        String(column),
      ),
    );
  }

  private emit(buf: Buffer, lineStart: number, lineEnd: number): void {
    this.line++;
    let start = lineStart;
    const end = lineEnd > start && buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    if (this.line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf)
      start += 3;
    if (end === start) return;
    const f = this.fields;
    f.buf = buf;
    if (this.options.linesOnly === true) {
      f.count = 0;
      this.sink(f, buf, start, end, this.line);
      return;
    }
    f.starts[0] = start;
    let count = 0;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b === COMMA) {
        if (count + 1 >= MAX_FIELDS) {
          this.rowError(
            new FeeInputError(
              '(row)',
              `ledger row ${this.line}: more than ${MAX_FIELDS} fields`,
              this.line,
              'ledger.row.too_many_fields',
            ),
          );
          return;
        }
        f.ends[count] = i;
        count++;
        f.starts[count] = i + 1;
      } else if (b === QUOTE) {
        let quoted: Fields;
        try {
          quoted = quotedFields(buf.toString('utf8', start, end), this.line);
        } catch (e) {
          if (!(e instanceof FeeInputError)) throw e;
          this.rowError(e);
          return;
        }
        this.sink(quoted, buf, start, end, this.line);
        return;
      }
    }
    f.ends[count] = end;
    f.count = count + 1;
    this.sink(f, buf, start, end, this.line);
  }

  private rowError(error: FeeInputError): void {
    if (this.options.onRowError === undefined) throw error;
    this.options.onRowError(error);
  }
}

/** Parses one line holding quotes with csv-parse and lays the unquoted values out as Fields. */
function quotedFields(raw: string, line: number): Fields {
  let records: string[][];
  try {
    records = parseCsvSync(raw, { relax_column_count: true }) as string[][];
  } catch (e) {
    throw new FeeInputError(
      '(row)',
      `ledger row ${line}: malformed CSV: ${(e as Error).message}`,
      line,
      'ledger.row.malformed',
    );
  }
  const values = records[0];
  if (records.length !== 1 || values === undefined) {
    throw new FeeInputError(
      '(row)',
      `ledger row ${line}: malformed CSV: a quoted field holds a line break`,
      line,
      'ledger.row.malformed',
    );
  }
  if (values.length > MAX_FIELDS)
    throw new FeeInputError(
      '(row)',
      `ledger row ${line}: more than ${MAX_FIELDS} fields`,
      line,
      'ledger.row.too_many_fields',
    );
  const fields = new Fields();
  const encoded = values.map((v) => Buffer.from(v, 'utf8'));
  fields.buf = Buffer.concat(encoded);
  let at = 0;
  encoded.forEach((bytes, i) => {
    fields.starts[i] = at;
    at += bytes.length;
    fields.ends[i] = at;
  });
  fields.count = values.length;
  return fields;
}

function checkUtf8(buf: Buffer, end: number, what: string): void {
  if (!isUtf8(buf.subarray(0, end)))
    throw new FeeInputError('(file)', `${what} is not UTF-8 text`, undefined, 'ledger.not_utf8');
}

/** Runs a ledger held in memory (e.g. the CSV text of a contract call) through `sink`. */
export function readLedgerText(text: string, sink: RecordSink, options: SplitOptions = {}): void {
  const buf = Buffer.from(text, 'utf8');
  const splitter = new LedgerLineSplitter(sink, options);
  const rest = splitter.feed(buf, buf.length);
  splitter.finish(buf, rest, buf.length);
}

/**
 * Streams a ledger file through `sink` in 1 MiB reads into one reused buffer; the partial line
 * at the end of a read moves to the front for the next. `onProgress` gets the bytes read so far.
 */
export async function readLedgerFile(
  file: string,
  sink: RecordSink,
  options: SplitOptions & { readonly onProgress?: (bytesRead: number) => void } = {},
): Promise<void> {
  const { onProgress } = options;
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(2 * MAX_LINE_BYTES);
    const splitter = new LedgerLineSplitter(sink, options);
    let filled = 0;
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      total += bytesRead;
      if (bytesRead === 0) {
        checkUtf8(buf, filled, file);
        splitter.finish(buf, 0, filled);
        return;
      }
      filled += bytesRead;
      const lastLf = buf.lastIndexOf(LF, filled - 1);
      const complete = lastLf + 1;
      // Whole lines only: a line feed never occurs inside a multi-byte UTF-8 sequence.
      checkUtf8(buf, complete, file);
      const rest = complete === 0 ? 0 : splitter.feed(buf, complete);
      if (filled - rest > MAX_LINE_BYTES) {
        throw new FeeInputError(
          '(row)',
          `${file}: a line is longer than ${MAX_LINE_BYTES} bytes; this is not a ledger`,
          undefined,
          'ledger.line_too_long',
        );
      }
      buf.copyWithin(0, rest, filled);
      filled -= rest;
      onProgress?.(total);
    }
  } finally {
    await handle.close();
  }
}
