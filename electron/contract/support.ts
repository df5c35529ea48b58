import { z } from 'zod';
import { defineCall, SUPPORT_ROLES, SUPPORT_SECOND_PERSON_ROLES, type Role } from './define';
import { MAX_LEDGER_TEXT_CHARS } from './fees';
import { LIMIT_REASONS } from './domain/fees/reasons';
import {
  ACCESSORIES,
  CASE_STATES,
  CAUSES,
  DECISIONS,
  PHOTO_MAX_BYTES,
  PHOTO_MIME_TYPES,
  SYMPTOMS,
} from './domain/support/case-states';

/**
 * The after-sales (售后支持) calls. Money crosses as integer fen, except an amount an operator
 * types (a waiver), which is a yuan string; charges are never taken from the screen. Times are
 * ISO-8601 +08:00. Every sentence meant for a merchant comes in both languages ({ zh, en }).
 */
/** The case's fixed words, for the screen (the renderer reaches services only through the contract). */
export {
  ACCESSORIES,
  CAUSES,
  PHOTO_MIME_TYPES,
  SUPPORT_WAIVER_LIMIT_FEN,
  SYMPTOMS,
  type PhotoMimeType,
} from './domain/support/case-states';

const SUPPORT: readonly Role[] = SUPPORT_ROLES;
/** A waiver above the support limit is approved by a second person: the support lead or the admin. */
const WAIVER_APPROVERS: readonly Role[] = SUPPORT_SECOND_PERSON_ROLES;

const fen = z.number().int().nonnegative();
const instant = z.string();
const caseId = z.string().trim().min(1).max(32);
const note = z.string().trim().max(500).optional();
const words = z.object({ zh: z.string(), en: z.string() });
const yuanAmount = z
  .string()
  .regex(/^\d{1,11}(\.\d{1,2})?$/, 'must be a positive amount in yuan with at most two decimals, e.g. 50.00');
const ledgerCsv = z
  .string()
  .min(1, 'choose a ledger file')
  .max(
    MAX_LEDGER_TEXT_CHARS,
    `must be at most ${MAX_LEDGER_TEXT_CHARS} characters; use the CLI for larger ledgers`,
  );

export const caseSummarySchema = z.object({
  id: z.string(),
  serial: z.string(),
  applicationId: z.string().nullable(),
  merchantId: z.string().nullable(),
  /** Masked: 138****5678. */
  phoneMasked: z.string().nullable(),
  courierNumber: z.string().nullable(),
  symptom: z.enum(SYMPTOMS),
  state: z.enum(CASE_STATES),
  dueAt: instant,
  overdue: z.boolean(),
  receivedAt: instant,
  updatedAt: instant,
  chargeFen: fen.nullable(),
  payableFen: fen,
  waiverState: z.enum(['none', 'pending', 'approved']),
});

const devicePriceCheckSchema = z.object({
  merchantId: z.string(),
  firstTransactionAt: instant,
  month: z.string(),
  volumeFen: fen,
  thresholdFen: fen,
  waived: z.boolean(),
  ledgerSha256: z.string(),
  checkedAt: instant,
  checkedBy: z.string(),
});

export const caseDetailSchema = caseSummarySchema.extend({
  accessories: z.array(z.enum(ACCESSORIES)),
  note: z.string().nullable(),
  cause: z.enum(CAUSES).nullable(),
  chargeRule: z.string().nullable(),
  waiverFen: fen,
  waiverReason: z.string().nullable(),
  waiverBy: z.string().nullable(),
  waiverApprovedBy: z.string().nullable(),
  devicePriceCheck: devicePriceCheckSchema.nullable(),
  replacementSerial: z.string().nullable(),
  receivedBy: z.string(),
  /** Who received it as people here know them: the operator's display name, else receivedBy. */
  receivedByName: z.string(),
  closedAt: instant.nullable(),
  /** The plain moves allowed from here (decisions are separate). */
  nextStates: z.array(z.enum(CASE_STATES)),
  decisions: z.array(z.enum(DECISIONS)),
  steps: z.array(
    z.object({
      seq: z.number().int(),
      at: instant,
      actor: z.string(),
      /** Who did it as people here know them: the operator's display name, else the actor. */
      actorName: z.string(),
      action: z.string(),
      fromState: z.enum(CASE_STATES).nullable(),
      toState: z.enum(CASE_STATES).nullable(),
      note: z.string().nullable(),
    }),
  ),
  photos: z.array(
    z.object({
      id: z.string(),
      mimeType: z.enum(PHOTO_MIME_TYPES),
      sha256: z.string(),
      size: z.number().int(),
      addedBy: z.string(),
      addedAt: instant,
    }),
  ),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const unitLifeSchema = z.object({
  serial: z.string(),
  registry: z
    .object({
      model: z.string(),
      batch: z.string(),
      mode: z.string(),
      status: z.string(),
      statusReason: z.string().nullable(),
      importedAt: instant,
      source: z.string(),
    })
    .nullable(),
  runs: z.array(
    z.object({
      runId: z.string(),
      status: z.string(),
      startedAt: instant,
      finishedAt: instant.nullable(),
      operator: z.string(),
      imageVersion: z.string().nullable(),
      failureZh: z.string().nullable(),
      failureEn: z.string().nullable(),
      genuineChecks: z.array(
        z.object({
          at: instant,
          genuine: z.boolean(),
          code: z.string(),
          reasonZh: z.string().nullable(),
          reasonEn: z.string().nullable(),
        }),
      ),
      shipment: z
        .object({
          shippedAt: instant,
          applicationId: z.string().nullable(),
          settlementCardMasked: z.string().nullable(),
          limitProfile: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
  statusChanges: z.array(
    z.object({ at: instant, actor: z.string(), action: z.string(), reason: z.string().nullable() }),
  ),
  cases: z.array(caseSummarySchema),
});

const settlementSchema = z.object({
  mode: z.enum(['t1', 'instant']),
  at: instant,
  netFen: z.number().int(),
  firstTransaction: z.boolean(),
  calendar: z
    .object({
      skippedWeekendDays: z.array(z.string()),
      skippedHolidays: z.array(z.string()),
      settlesOnSwappedWorkday: z.boolean(),
      takenOnDayOff: z.boolean(),
    })
    .nullable(),
});

export const explanationSchema = z.object({
  ledgerRows: z.number().int(),
  merchants: z.array(
    z.object({
      merchant: z.string(),
      rows: z.number().int(),
      refusedRows: z.number().int(),
      takenFen: fen,
      expectedFeeFen: fen,
      chargedFeeFen: fen.nullable(),
      feeDifferenceFen: z.number().int(),
      rowsWithFeeDifference: z.number().int(),
      payouts: z.array(z.object({ at: instant, mode: z.enum(['t1', 'instant']), netFen: z.number().int() })),
      words,
    }),
  ),
  rows: z.array(
    z.object({
      row: z.number().int(),
      merchant: z.string(),
      at: instant,
      channel: z.string(),
      amountFen: fen,
      scheduleVersion: z.string(),
      ratePercent: z.string(),
      fixedFen: fen,
      capFen: fen.nullable(),
      expectedFeeFen: fen,
      chargedFeeFen: fen.nullable(),
      feeDifferenceFen: z.number().int().nullable(),
      allowed: z.boolean(),
      refusedBy: z.enum(LIMIT_REASONS).nullable(),
      limitFen: fen.nullable(),
      headroomFen: fen.nullable(),
      settlement: settlementSchema.nullable(),
      words,
    }),
  ),
});
export type ExplanationOutput = z.infer<typeof explanationSchema>;

const byCase = z.strictObject({ caseId });
const merchantId = z.string().trim().min(1).max(64);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM');

/** Without a ledger, the idle list comes from the journals read at the counter alone. */
const idleInput = z.strictObject({ csv: ledgerCsv.optional(), month });

const idleListSchema = z.object({
  month: z.string(),
  merchants: z.number().int(),
  journalsRead: z.number().int(),
  idle: z.array(
    z.object({
      merchantId: z.string().nullable(),
      serial: z.string().nullable(),
      lastTransactionAt: instant,
      source: z.enum(['ledger', 'journal']),
    }),
  ),
  reminders: z.array(
    z.object({
      merchantId: z.string(),
      subject: z.string(),
      body: z.string(),
      createdAt: instant,
      createdBy: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      sentAt: instant.nullable(),
    }),
  ),
});

const merchantSettlementSchema = z.object({
  merchantId: z.string(),
  mode: z.enum(['t1', 'instant']),
  changedAt: instant.nullable(),
  changedBy: z.string().nullable(),
  reason: z.string().nullable(),
});

export const supportCalls = {
  'support.cases': defineCall({
    summary: 'Find after-sales cases by serial, case, application, merchant phone or courier number',
    access: SUPPORT,
    input: z.strictObject({
      query: z.string().trim().max(200).optional(),
      scope: z.enum(['open', 'closed', 'all']).default('open'),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ now: instant, items: z.array(caseSummarySchema) }),
  }),
  'support.case': defineCall({
    summary: "One case with its steps, photos and the unit's whole life",
    access: SUPPORT,
    input: byCase,
    output: z.object({ case: caseDetailSchema, unit: unitLifeSchema }),
  }),
  'support.unit': defineCall({
    summary: 'Everything the station holds about one unit, by serial or box QR code',
    access: SUPPORT,
    input: z.strictObject({ scanned: z.string().trim().min(1).max(500) }),
    output: unitLifeSchema,
  }),
  'support.intake': defineCall({
    summary: 'Open a case for a returned unit (scan the serial)',
    access: SUPPORT,
    input: z.strictObject({
      scanned: z.string().trim().min(1).max(500),
      applicationId: z.string().trim().max(64).optional(),
      merchantId: z.string().trim().max(64).optional(),
      merchantPhone: z.string().trim().max(20).optional(),
      courierNumber: z.string().trim().max(40).optional(),
      symptom: z.enum(SYMPTOMS),
      accessories: z.array(z.enum(ACCESSORIES)).max(ACCESSORIES.length).default([]),
      note,
    }),
    output: caseDetailSchema,
  }),
  'support.move': defineCall({
    summary: 'Move a case to its next state (refused with the reason when not allowed)',
    access: SUPPORT,
    input: z.strictObject({
      caseId,
      to: z.enum(CASE_STATES),
      note,
      /** The new unit sent to the merchant, when a replacement goes back. */
      replacementSerial: z.string().trim().max(500).optional(),
    }),
    output: caseDetailSchema,
  }),
  'support.decide': defineCall({
    summary: 'Record the diagnosis cause and the decision; the charge follows the fee rules',
    access: SUPPORT,
    input: z.strictObject({ caseId, decision: z.enum(DECISIONS), cause: z.enum(CAUSES), note }),
    output: caseDetailSchema,
  }),
  'support.requestWaiver': defineCall({
    summary: 'Waive part or all of a charge with a reason (above the limit: a second person approves)',
    access: SUPPORT,
    input: z.strictObject({ caseId, amount: yuanAmount, reason: z.string().max(500) }),
    output: caseDetailSchema,
  }),
  'support.approveWaiver': defineCall({
    summary: 'Approve a waiver another operator asked for',
    access: WAIVER_APPROVERS,
    input: byCase,
    output: caseDetailSchema,
  }),
  'support.checkDevicePrice': defineCall({
    summary: "Check the device-price waiver (first month ≥ 1,000 yuan) from the merchant's ledger",
    access: SUPPORT,
    input: z.strictObject({
      caseId,
      csv: ledgerCsv,
      merchantId: z.string().trim().min(1).max(64).optional(),
    }),
    output: caseDetailSchema,
  }),
  'support.receipt': defineCall({
    summary: "The merchant's printable receipt (HTML)",
    access: SUPPORT,
    input: z.strictObject({ caseId, language: z.enum(['zh', 'en']).default('zh') }),
    output: z.object({ html: z.string() }),
  }),
  'support.addPhoto': defineCall({
    summary: 'Add an intake photo (sealed like KYC documents)',
    access: SUPPORT,
    input: z.strictObject({
      caseId,
      mimeType: z.enum(PHOTO_MIME_TYPES),
      base64: z
        .base64()
        .min(4)
        .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4),
    }),
    output: caseDetailSchema.shape.photos.element,
  }),
  'support.photo': defineCall({
    summary: "A photo's bytes for the viewer",
    access: SUPPORT,
    input: z.strictObject({ caseId, photoId: z.string().regex(/^[0-9a-f]{32}$/) }),
    output: z.object({ mimeType: z.enum(PHOTO_MIME_TYPES), base64: z.string() }),
  }),
  'support.explain': defineCall({
    summary: "Explain a merchant's ledger in words: settlement dates, limits, each fee recomputed",
    access: SUPPORT,
    input: z.strictObject({ csv: ledgerCsv, merchant: z.string().trim().min(1).max(64).optional() }),
    output: explanationSchema,
  }),
  'support.demoLedger': defineCall({
    summary: "The demo merchant's ledger, to try the money explanation on (demo mode only; null otherwise)",
    access: SUPPORT,
    input: z.strictObject({}),
    output: z.object({ name: z.string(), csv: z.string() }).nullable(),
  }),
  'support.idle': defineCall({
    summary:
      'Units with no transaction in a calendar month, from a ledger and the journals read at the counter, with the reminders sent',
    access: SUPPORT,
    input: idleInput,
    output: idleListSchema,
  }),
  'support.remindIdle': defineCall({
    summary: 'Queue one reminder per idle merchant for the month (never twice for the same month)',
    access: SUPPORT,
    input: idleInput,
    output: z.object({
      queued: z.array(z.string()),
      alreadyReminded: z.array(z.string()),
      list: idleListSchema,
    }),
  }),
  'support.settlement': defineCall({
    summary: "A merchant's settlement mode: T+1 (the default) or instant (秒到)",
    access: SUPPORT,
    input: z.strictObject({ merchantId }),
    output: merchantSettlementSchema,
  }),
  'support.switchSettlement': defineCall({
    summary: 'Switch a merchant to instant settlement (秒到) or back to T+1, with a reason (audited)',
    access: SUPPORT,
    input: z.strictObject({ merchantId, mode: z.enum(['t1', 'instant']), reason: z.string().max(500) }),
    output: merchantSettlementSchema,
  }),
};
