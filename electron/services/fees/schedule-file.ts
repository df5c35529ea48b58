import { z } from 'zod';
import { MAX_AMOUNT_FEN } from './money';
import { parseShanghaiTime } from '../calendar/shanghai-time';

/**
 * The on-disk shape of one fee-schedule version (resources/fee-schedules/*.json).
 * Money in integer fen, rates in parts per million; see resources/fee-schedules/README.md.
 */

const fen = z.number().int().nonnegative().max(MAX_AMOUNT_FEN);

const instant = z
  .string()
  .refine((s) => !Number.isNaN(parseShanghaiTime(s)) && /(Z|[+-]\d{2}:?\d{2})$/.test(s), {
    message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-12-15T00:00:00+08:00',
  });

export const rateSchema = z.strictObject({
  /** Percentage part in parts per million: 0.6% = 6000. */
  ppm: z.number().int().min(0).max(1_000_000),
  /** Added after the cap; 300 fen = 3 yuan. */
  fixedFen: fen.default(0),
  /** Caps the percentage part only; absent = no cap. */
  capFen: fen.optional(),
});
export type RateFile = z.infer<typeof rateSchema>;

export const channelLimitSchema = z.strictObject({
  /** Absent = no limit of that kind. */
  perTransactionFen: fen.optional(),
  perDayFen: fen.optional(),
});

export const scheduleFileSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, dot, dash or underscore'),
  announcedAt: instant,
  effectiveAt: instant,
  /** Where the numbers come from (the guide, a bank notice, …). */
  source: z.string().min(1),
  rates: z.strictObject({
    credit: rateSchema,
    debit: rateSchema,
    qr: rateSchema.extend({
      /** Per-wallet overrides; a wallet without one uses the QR rate above. */
      subChannels: z
        .strictObject({
          wechat: rateSchema.optional(),
          alipay: rateSchema.optional(),
          unionpay_qr: rateSchema.optional(),
        })
        .optional(),
    }),
  }),
  limits: z.strictObject({
    credit: channelLimitSchema,
    /** The guide gives no debit limits: an empty object (or absent fields) means unlimited. */
    debit: channelLimitSchema,
    qr: channelLimitSchema,
    /** Applies to every channel when the merchant skipped the risk questionnaire. */
    questionnaireSkipped: z.strictObject({ perTransactionFen: fen }),
    /** A class-II settlement account caps what the merchant may take in, across all channels. */
    classII: z.strictObject({ perDayFen: fen, perYearFen: fen }),
  }),
  /** The merchant guide's device money rules, versioned with the rates (support reads them). */
  device: z.strictObject({
    /** Repair of damage the merchant caused: 100 yuan in the guide. */
    repairFeeFen: fen,
    /** The device is free when its first calendar month's volume reaches this: 1,000 yuan. */
    devicePriceWaiverFirstMonthFen: fen,
  }),
});
export type ScheduleFile = z.infer<typeof scheduleFileSchema>;
