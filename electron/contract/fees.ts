import { z } from 'zod';
import { defineCall } from './define';
import { CHANNELS, QR_SUB_CHANNELS } from './domain/fees/channels';
import { LEDGER_ERROR_REASONS, LIMIT_REASONS } from './domain/fees/reasons';

/**
 * The fee and limit engine's calls. Money crosses the contract as integer fen, except the
 * amount an operator types, which is a yuan string ('100.00', at most two decimals) so that no
 * float ever stands for money. Times are ISO-8601 strings; outputs use +08:00 (Asia/Shanghai).
 */

/** Largest ledger the UI may send for a check: 8 MiB of CSV (≈ 150,000 rows); the CLI takes files of any size. */
export const MAX_LEDGER_TEXT_CHARS = 8 * 1024 * 1024;

const fen = z.number().int().nonnegative();
const yuanAmount = z
  .string()
  .regex(
    /^\d{1,11}(\.\d{1,2})?$/,
    'must be a positive amount in yuan with at most two decimals, e.g. 100.00',
  );
const isoInstant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/,
    'must be an ISO-8601 date-time, e.g. 2026-11-25T14:30:00+08:00',
  );
const channel = z.enum(CHANNELS);
const qrSubChannel = z.enum(QR_SUB_CHANNELS);
const accountClass = z.enum(['I', 'II']);
const limitReason = z.enum(LIMIT_REASONS);

export const quoteInputSchema = z.strictObject({
  channel,
  /** Which wallet a QR scan came through; only meaningful for channel 'qr'. */
  qrSubChannel: qrSubChannel.optional(),
  amount: yuanAmount,
  /** When the transaction happens; default now. Prices by the version in force then. */
  at: isoInstant.optional(),
  /** The merchant has instant settlement switched on. */
  instant: z.boolean().default(false),
  /** The merchant's first transaction: always T+1. */
  firstTransaction: z.boolean().default(false),
  questionnaireSkipped: z.boolean().default(false),
  accountClass: accountClass.default('I'),
  /** What the merchant already took in; absent = nothing yet. */
  usage: z
    .strictObject({
      channelDayFen: fen,
      dayFen: fen,
      yearFen: fen,
    })
    .optional(),
});

export const quoteOutputSchema = z.object({
  amountFen: fen,
  feeFen: fen,
  /** amount − fee; negative only for a flagged quote. */
  netFen: z.number().int(),
  percentagePartFen: fen,
  fixedPartFen: fen,
  capped: z.boolean(),
  /** Fee at or above the amount. */
  flagged: z.boolean(),
  scheduleVersion: z.string(),
  channel,
  qrSubChannel: qrSubChannel.nullable(),
  at: z.string(),
  settlement: z.object({
    mode: z.enum(['t1', 'instant']),
    /** When the funds are due, ISO-8601 +08:00. */
    at: z.string(),
  }),
  allowed: z.boolean(),
  reason: limitReason.nullable(),
  /** Largest amount a transaction on this channel could have now; null = unlimited. */
  headroomFen: fen.nullable(),
  bindingLimit: limitReason.nullable(),
});
export type QuoteOutput = z.infer<typeof quoteOutputSchema>;

const rateView = z.object({
  ppm: z.number().int(),
  percent: z.string(),
  fixedFen: fen,
  capFen: fen.nullable(),
});
const channelLimitView = z.object({ perTransactionFen: fen.nullable(), perDayFen: fen.nullable() });

export const scheduleViewSchema = z.object({
  id: z.string(),
  announcedAt: z.string(),
  effectiveAt: z.string(),
  noticeDays: z.number().int(),
  status: z.enum(['superseded', 'in_force', 'pending']),
  source: z.string(),
  rates: z.object({
    credit: rateView,
    debit: rateView,
    qr: rateView,
    qrSubChannels: z.object({ wechat: rateView, alipay: rateView, unionpay_qr: rateView }),
  }),
  limits: z.object({
    credit: channelLimitView,
    debit: channelLimitView,
    qr: channelLimitView,
    questionnaireSkippedPerTransactionFen: fen,
    classIIPerDayFen: fen,
    classIIPerYearFen: fen,
  }),
});

export const schedulesOutputSchema = z.object({
  now: z.string(),
  versions: z.array(scheduleViewSchema),
  calendar: z.object({ coversFrom: z.string(), coversUntil: z.string(), source: z.string() }),
});

export const ledgerCheckInputSchema = z.strictObject({
  csv: z
    .string()
    .max(
      MAX_LEDGER_TEXT_CHARS,
      `must be at most ${MAX_LEDGER_TEXT_CHARS} characters; use the CLI for larger ledgers`,
    ),
  /** Check every row under this version instead of the one in force at its time. */
  version: z.string().optional(),
});

const ledgerChecked = z.object({
  status: z.literal('checked'),
  rows: z.number().int(),
  allowedRows: z.number().int(),
  refusedRows: z.number().int(),
  merchants: z.number().int(),
  refusedByReason: z.partialRecord(limitReason, z.number().int()),
  /** Refused rows in file order, the first MAX_LISTED_BREACHES of them. */
  breaches: z.array(
    z.object({
      row: z.number().int(),
      merchant: z.string(),
      date: z.string(),
      channel: z.string(),
      amountFen: fen,
      reason: limitReason,
      headroomFen: fen,
    }),
  ),
  breachesTruncated: z.boolean(),
});

/**
 * A ledger with unreadable rows is not judged (a missing row would change the verdicts after it):
 * the answer lists every bad row — row, column, reason code for the screen to translate, the
 * value as read — so the operator can fix them all at once.
 */
const ledgerInvalid = z.object({
  status: z.literal('invalid'),
  errorCount: z.number().int(),
  errors: z.array(
    z.object({
      row: z.number().int(),
      field: z.string(),
      reason: z.enum(LEDGER_ERROR_REASONS),
      value: z.string(),
      message: z.string(),
    }),
  ),
});

export const ledgerCheckOutputSchema = z.discriminatedUnion('status', [ledgerChecked, ledgerInvalid]);

export const limitsInputSchema = z.strictObject({
  channel,
  at: isoInstant.optional(),
  questionnaireSkipped: z.boolean().default(false),
  accountClass: accountClass.default('I'),
});

export const limitsOutputSchema = z.object({
  scheduleVersion: z.string(),
  /** The tighter of the channel's and the questionnaire's per-transaction limit; null = none. */
  perTransactionFen: fen.nullable(),
  perTransactionReason: limitReason.nullable(),
  perDayFen: fen.nullable(),
  /** Only for class-II settlement accounts; null otherwise. */
  classIIPerDayFen: fen.nullable(),
  classIIPerYearFen: fen.nullable(),
});

export const feesCalls = {
  'fees.quote': defineCall({
    summary: 'Fee, net, limits and settlement for one transaction',
    access: 'signed-in',
    input: quoteInputSchema,
    output: quoteOutputSchema,
  }),
  'fees.schedules': defineCall({
    summary: 'Fee-schedule versions with their status, and the working-day calendar coverage',
    access: 'signed-in',
    input: z.strictObject({}),
    output: schedulesOutputSchema,
  }),
  'fees.checkLedger': defineCall({
    summary: 'Per-transaction, per-day and per-year limit check over a CSV ledger',
    access: 'signed-in',
    input: ledgerCheckInputSchema,
    output: ledgerCheckOutputSchema,
  }),
  'fees.limits': defineCall({
    summary: 'The limits that apply to a channel and merchant profile at a time',
    access: 'signed-in',
    input: limitsInputSchema,
    output: limitsOutputSchema,
  }),
};
