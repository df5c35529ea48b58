/**
 * The ledger CSV format read by `fees check`, `fees reprice` and the fees.checkLedger call.
 *
 *   time,merchant,channel,amount[,account_class][,questionnaire]
 *   2026-03-01T09:15:30+08:00,M000123,credit,100.00,II,skipped
 *
 * - First line is a header naming the columns, in any order; columns not listed here are kept
 *   but ignored. UTF-8, optional BOM, LF or CRLF line ends, blank lines skipped.
 * - time: ISO-8601 date-time, 'T' or space between date and time; an offset ('Z', '+08:00')
 *   or none, which means Asia/Shanghai. The Shanghai calendar day and year of this instant are
 *   the "day" and "year" of the per-day and per-year limits.
 * - merchant: the merchant id, 1–64 characters; limits are tracked per merchant.
 * - channel: credit | debit | qr | qr:wechat | qr:alipay | qr:unionpay_qr (the wallets share the
 *   QR limits; each may have its own rate in a schedule).
 * - amount: yuan, positive, at most two decimals ('100', '100.5', '100.00').
 * - account_class (optional): I | II — class-II settlement accounts have a per-day and per-year cap
 *   across channels. Empty or absent = I.
 * - questionnaire (optional): answered | skipped — skipped caps every transaction at the
 *   schedule's questionnaire limit. Empty or absent = answered.
 *
 * Rows are judged in the order the transactions happened — by time, rows with the same time in
 * file order — as the engine would have seen them live, whatever order the export lists them in:
 * a row the limits refuse is reported and not added to the merchant's running totals. Reports and
 * repriced files keep the file's row order. Fields may be quoted (RFC 4180) but may not contain
 * line breaks.
 */
import { FeeInputError, type LedgerErrorReason } from '../errors';
import {
  LIMIT_GROUP,
  RATE_SLOT,
  type LimitGroup,
  type RateSlot,
} from '../../../contract/domain/fees/channels';
import { MAX_AMOUNT_FEN, parseYuan, parseYuanBytes } from '../money';
import { parseShanghaiTimeBytes } from '../../calendar/shanghai-time';
import type { Fields } from './ledger-reader';

export const REQUIRED_COLUMNS = ['time', 'merchant', 'channel', 'amount'] as const;

export interface LedgerColumns {
  readonly time: number;
  readonly merchant: number;
  readonly channel: number;
  readonly amount: number;
  /** -1 when the column is absent. */
  readonly accountClass: number;
  readonly questionnaire: number;
  readonly count: number;
}

export function resolveColumns(header: Fields): LedgerColumns {
  const names = Array.from({ length: header.count }, (_, i) => header.text(i).trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new FeeInputError(
        name,
        `ledger row 1 (header): column '${name}' appears twice`,
        1,
        'ledger.header.duplicate_column',
        name,
      );
    seen.add(name);
  }
  const at = (name: string): number => names.indexOf(name);
  for (const name of REQUIRED_COLUMNS) {
    if (at(name) < 0) {
      throw new FeeInputError(
        name,
        `ledger row 1 (header): missing column '${name}' (need ${REQUIRED_COLUMNS.join(',')})`,
        1,
        'ledger.header.missing_column',
        name,
      );
    }
  }
  return {
    time: at('time'),
    merchant: at('merchant'),
    channel: at('channel'),
    amount: at('amount'),
    accountClass: at('account_class'),
    questionnaire: at('questionnaire'),
    count: names.length,
  };
}

export const CHANNEL_CODES: readonly { code: string; slot: RateSlot; group: LimitGroup }[] = [
  { code: 'credit', slot: RATE_SLOT.credit, group: LIMIT_GROUP.credit },
  { code: 'debit', slot: RATE_SLOT.debit, group: LIMIT_GROUP.debit },
  { code: 'qr', slot: RATE_SLOT.qr, group: LIMIT_GROUP.qr },
  { code: 'qr:wechat', slot: RATE_SLOT.wechat, group: LIMIT_GROUP.qr },
  { code: 'qr:alipay', slot: RATE_SLOT.alipay, group: LIMIT_GROUP.qr },
  { code: 'qr:unionpay_qr', slot: RATE_SLOT.unionpay_qr, group: LIMIT_GROUP.qr },
];
const CHANNEL_BYTES = CHANNEL_CODES.map((c) => Buffer.from(c.code, 'latin1'));
const ACCOUNT_CLASSES = ['I', 'II'].map((c) => Buffer.from(c, 'latin1'));
const QUESTIONNAIRE = ['answered', 'skipped'].map((c) => Buffer.from(c, 'latin1'));

/** Index of the word buf[start, end) in `words`, or -1; no string is made. */
function matchWord(buf: Buffer, start: number, end: number, words: readonly Buffer[]): number {
  const n = end - start;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (word.length !== n) continue;
    let i = 0;
    while (i < n && buf[start + i] === word[i]) i++;
    if (i === n) return w;
  }
  return -1;
}

/** One decoded row; a single instance is reused for every row of a ledger. */
export interface LedgerRow {
  line: number;
  atMs: number;
  /** The merchant id is the UTF-8 bytes buf[merchantStart, merchantEnd): no string per row. */
  buf: Buffer;
  merchantStart: number;
  merchantEnd: number;
  channelCode: string;
  /** Index into CHANNEL_CODES. */
  channel: number;
  slot: RateSlot;
  group: LimitGroup;
  amountFen: number;
  classII: boolean;
  questionnaireSkipped: boolean;
}

export function newLedgerRow(): LedgerRow {
  return {
    line: 0,
    atMs: 0,
    buf: Buffer.alloc(0),
    merchantStart: 0,
    merchantEnd: 0,
    channelCode: '',
    channel: 0,
    slot: RATE_SLOT.credit,
    group: LIMIT_GROUP.credit,
    amountFen: 0,
    classII: false,
    questionnaireSkipped: false,
  };
}

/** Longest offending value quoted back to the operator. */
const SHOWN_VALUE_CHARS = 64;

function bad(
  line: number,
  field: string,
  detail: string,
  reason: LedgerErrorReason,
  value: string,
): FeeInputError {
  return new FeeInputError(
    field,
    `ledger row ${line}, field '${field}': ${detail}`,
    line,
    reason,
    value.length > SHOWN_VALUE_CHARS ? `${value.slice(0, SHOWN_VALUE_CHARS)}…` : value,
  );
}

/** Decodes `fields` into `row`; throws FeeInputError naming the row (file line) and field. */
export function decodeRow(fields: Fields, columns: LedgerColumns, line: number, row: LedgerRow): void {
  if (fields.count !== columns.count) {
    throw bad(
      line,
      '(row)',
      `has ${fields.count} field(s), the header has ${columns.count}`,
      'ledger.row.field_count',
      `${fields.count}/${columns.count}`,
    );
  }
  const { buf, starts, ends } = fields;
  const atMs = parseShanghaiTimeBytes(buf, starts[columns.time]!, ends[columns.time]!);
  if (Number.isNaN(atMs)) {
    throw bad(
      line,
      'time',
      `'${fields.text(columns.time)}' is not an ISO-8601 date-time like 2026-03-01T09:15:30+08:00`,
      'ledger.time.invalid',
      fields.text(columns.time),
    );
  }
  const merchantStart = starts[columns.merchant]!;
  const merchantEnd = ends[columns.merchant]!;
  // Up to 64 bytes is at most 64 characters: only longer UTF-8 ids need a string to count.
  const merchantBytes = merchantEnd - merchantStart;
  if (merchantBytes === 0 || (merchantBytes > 64 && fields.text(columns.merchant).length > 64)) {
    throw bad(
      line,
      'merchant',
      'must be 1–64 characters',
      'ledger.merchant.length',
      fields.text(columns.merchant),
    );
  }
  const channelIndex = matchWord(buf, starts[columns.channel]!, ends[columns.channel]!, CHANNEL_BYTES);
  const channel = CHANNEL_CODES[channelIndex];
  if (channel === undefined) {
    throw bad(
      line,
      'channel',
      `'${fields.text(columns.channel)}' is not one of ${CHANNEL_CODES.map((c) => c.code).join(', ')}`,
      'ledger.channel.unknown',
      fields.text(columns.channel),
    );
  }
  const amountFen = parseYuanBytes(buf, starts[columns.amount]!, ends[columns.amount]!);
  if (!(amountFen > 0 && amountFen <= MAX_AMOUNT_FEN)) {
    // Slow path, errors only: let the string parser word the message.
    let message = `'${fields.text(columns.amount)}' is not a positive amount in yuan`;
    try {
      parseYuan(fields.text(columns.amount), 'amount');
    } catch (e) {
      message = (e as Error).message;
    }
    throw bad(line, 'amount', message, 'ledger.amount.invalid', fields.text(columns.amount));
  }
  row.classII = optionalWord(fields, columns.accountClass, ACCOUNT_CLASSES, line, 'account_class') === 1;
  row.questionnaireSkipped =
    optionalWord(fields, columns.questionnaire, QUESTIONNAIRE, line, 'questionnaire') === 1;
  row.line = line;
  row.atMs = atMs;
  row.buf = buf;
  row.merchantStart = merchantStart;
  row.merchantEnd = merchantEnd;
  row.channelCode = channel.code;
  row.channel = channelIndex;
  row.slot = channel.slot;
  row.group = channel.group;
  row.amountFen = amountFen;
}

/** Index of an optional column's word; -1 when the column is absent or the value empty. */
function optionalWord(
  fields: Fields,
  column: number,
  words: readonly Buffer[],
  line: number,
  name: 'account_class' | 'questionnaire',
): number {
  if (column < 0) return -1;
  const start = fields.starts[column]!;
  const end = fields.ends[column]!;
  if (start === end) return -1;
  const index = matchWord(fields.buf, start, end, words);
  if (index < 0) {
    throw bad(
      line,
      name,
      `'${fields.text(column)}' is not ${words.map((w) => w.toString('latin1')).join(' or ')}`,
      name === 'account_class' ? 'ledger.account_class.invalid' : 'ledger.questionnaire.invalid',
      fields.text(column),
    );
  }
  return index;
}
