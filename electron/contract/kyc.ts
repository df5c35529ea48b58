import { z } from 'zod';
import { defineCall, REVIEW_READER_ROLES, REVIEWER_ROLES } from './define';
import { applicationFileSchema, MAX_DOCUMENT_BYTES } from './domain/kyc/application-file';
import { findingSchema, SEVERITIES } from './domain/kyc/finding';
import { RISK_LEVELS } from './domain/kyc/risk-level';
import { REASON_USES } from './domain/kyc/reason-codes';
import { CASE_STATES, DECISION_KINDS, DOCUMENT_DECISIONS } from './domain/kyc/case-states';
import { applicationSchema, documentSchema } from './domain/kyc/application';

/** The renderer checks the dates a clerk types by the same rule the station parses them with. */
export { calendarDateSchema } from './domain/kyc/application';
/** The case view offers a counter correction exactly where the station accepts one. */
export { RESUBMITTABLE_STATES } from './domain/kyc/case-states';

/**
 * The KYC review workspace's calls. Every output is JSON-safe and masked: an unmasked ID, card or
 * phone number crosses the contract only through 'kyc.reveal', which is audited; the activation
 * code never does (it exists only in the SMS).
 */

export const DUE_FILTERS = ['overdue', 'today', 'later'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** The orders the queue can be read in (each pages by keyset, so every page costs the same). */
export const QUEUE_SORT_KEYS = ['due', 'submitted', 'risk', 'id'] as const;
export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const REVEALABLE_FIELDS = ['id_number', 'card_number', 'phone'] as const;
export type RevealableField = (typeof REVEALABLE_FIELDS)[number];

const caseState = z.enum(CASE_STATES);
const risk = z.enum(RISK_LEVELS);
const applicationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an application id');
const documentId = z.string().regex(/^[0-9a-f]{32}$/, 'must be a document id from the case view');
const instant = z.string();
/** Free text goes into the case history and to the hub: no ID or card numbers in it. */
const note = z
  .string()
  .trim()
  .max(500)
  .refine((text) => !/\d{15,}/.test(text.replace(/[\s-]/g, '')), {
    message: 'must not contain an ID or card number',
  })
  .optional();
const reasonCodeName = z.string().min(1).max(64);

export const queueItemSchema = z.object({
  applicationId: z.string(),
  state: caseState,
  channel: z.string(),
  submission: z.number().int(),
  submittedAt: instant,
  dueAt: instant,
  overdue: z.boolean(),
  risk,
  assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  leaseExpiresAt: instant.nullable(),
  nameMasked: z.string(),
  idMasked: z.string(),
  phoneMasked: z.string(),
});
export type QueueItemOutput = z.infer<typeof queueItemSchema>;

const proofSummarySchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('qr_records'),
    provider: z.string(),
    merchantName: z.string(),
    records: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  z.object({
    type: z.literal('bank_statement'),
    rows: z.number().int(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  z.object({
    type: z.literal('stall_certificate'),
    issuer: z.string(),
    stamped: z.boolean(),
    business: z.string(),
    validFrom: z.string(),
    validTo: z.string(),
  }),
]);

const documentDecision = z.enum(DOCUMENT_DECISIONS);

export const caseViewSchema = z.object({
  summary: queueItemSchema,
  firstSubmittedAt: instant,
  firstApproverId: z.string().nullable(),
  applicant: z.object({
    nameMasked: z.string(),
    idMasked: z.string(),
    idValidFrom: z.string(),
    idValidTo: z.string(),
    phoneMasked: z.string(),
    addressMasked: z.string(),
  }),
  settlementCard: z.object({
    numberMasked: z.string(),
    holderNameMasked: z.string(),
    bankReportedClass: z.enum(['I', 'II']).nullable(),
  }),
  businessProof: proofSummarySchema,
  documents: z.array(
    z.object({
      documentId: z.string(),
      key: z.string(),
      kind: z.string(),
      mimeType: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      submission: z.number().int(),
      current: z.boolean(),
      decision: documentDecision.nullable(),
      reasonCode: z.string().nullable(),
    }),
  ),
  findings: z.array(
    z.object({
      submission: z.number().int(),
      code: z.string(),
      severity: z.enum(SEVERITIES),
      messageZh: z.string(),
      messageEn: z.string(),
      evidence: findingSchema.shape.evidence,
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      submission: z.number().int(),
      kind: z.enum(DECISION_KINDS),
      reasonCodes: z.array(z.string()),
      note: z.string().nullable(),
      actorId: z.string(),
      actorName: z.string(),
      at: instant,
    }),
  ),
  documentDecisions: z.array(
    z.object({
      documentId: z.string(),
      submission: z.number().int(),
      decision: documentDecision,
      reasonCode: z.string().nullable(),
      note: z.string().nullable(),
      actorName: z.string(),
      at: instant,
    }),
  ),
  history: z.array(
    z.object({
      seq: z.number().int(),
      at: instant,
      actor: z.string(),
      action: z.string(),
      details: findingSchema.shape.evidence,
    }),
  ),
  sms: z.array(
    z.object({
      id: z.string(),
      applicationId: z.string().nullable(),
      template: z.string(),
      phoneMasked: z.string(),
      createdAt: instant,
      sentAt: instant.nullable(),
    }),
  ),
});
export type CaseViewOutput = z.infer<typeof caseViewSchema>;

const claimSchema = z.object({
  applicationId: z.string(),
  state: caseState,
  leaseExpiresAt: instant,
  renewed: z.boolean(),
});

const closedSchema = z.object({ state: caseState });
const byId = z.strictObject({ applicationId });

/** One scanned file at the counter: the bundle import's per-file limit, and a limit for the whole entry. */
export const COUNTER_DOCUMENT_MAX_BYTES = MAX_DOCUMENT_BYTES;
export const COUNTER_TOTAL_MAX_BYTES = 20 * 1024 * 1024;
export const COUNTER_MAX_DOCUMENTS = 12;
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
const decodedLength = (base64: string) =>
  (base64.length / 4) * 3 - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

const counterDocument = z.strictObject({
  /** The id the business proof refers to it by, e.g. 'id-front', 'statement', 'qr-1'. */
  id: documentSchema.shape.id,
  kind: documentSchema.shape.kind,
  mimeType: documentSchema.shape.mimeType,
  /** Computed by the counter PC; the station checks it against the bytes that arrived. */
  sha256: documentSchema.shape.sha256,
  base64: z.base64().min(4).max(base64Length(COUNTER_DOCUMENT_MAX_BYTES)),
});

const counterDocuments = z
  .array(counterDocument)
  .min(1)
  .max(COUNTER_MAX_DOCUMENTS)
  .superRefine((documents, ctx) => {
    const seen = new Set<string>();
    documents.forEach((d, i) => {
      if (seen.has(d.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate document id ${d.id}` });
      seen.add(d.id);
    });
    const total = documents.reduce((sum, d) => sum + decodedLength(d.base64), 0);
    if (total > COUNTER_TOTAL_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `together larger than ${COUNTER_TOTAL_MAX_BYTES} bytes`,
      });
    }
  });

/** The queue's filter: the same for a page and for its counts. */
const queueFilter = {
  /** Default: the open states. */
  state: z.array(caseState).max(CASE_STATES.length).optional(),
  due: z.enum(DUE_FILTERS).optional(),
  risk: z.array(risk).max(RISK_LEVELS.length).optional(),
  /** Operator id of the holder. */
  assignee: z.string().min(1).max(64).optional(),
  /** Only the cases the caller holds. */
  mine: z.boolean().default(false),
  /** Prefix of an application id or of a masked name. */
  search: z.string().trim().max(64).optional(),
};

export const kycCalls = {
  'kyc.queue': defineCall({
    summary: 'A page of the review queue, filtered, in due order or another sort',
    access: REVIEW_READER_ROLES,
    input: z.strictObject({
      ...queueFilter,
      /** Default: due date ascending. A cursor belongs to the sort it was handed out with. */
      sort: z.strictObject({ by: z.enum(QUEUE_SORT_KEYS), order: z.enum(SORT_ORDERS) }).optional(),
      cursor: z.string().max(512).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ items: z.array(queueItemSchema), nextCursor: z.string().nullable() }),
  }),
  'kyc.queueStats': defineCall({
    summary: "The queue's total under a filter, and its open cases overdue or due today",
    access: REVIEW_READER_ROLES,
    input: z.strictObject(queueFilter),
    output: z.object({
      total: z.number().int(),
      overdue: z.number().int(),
      dueToday: z.number().int(),
    }),
  }),
  'kyc.case': defineCall({
    summary: 'One case: masked identity, documents, findings, decisions and history',
    access: REVIEW_READER_ROLES,
    input: byId,
    output: caseViewSchema,
  }),
  'kyc.document': defineCall({
    summary: "A document's bytes for the viewer (audited)",
    access: REVIEWER_ROLES,
    input: z.strictObject({ applicationId, documentId }),
    output: z.object({ mimeType: z.string(), sha256: z.string(), base64: z.string() }),
  }),
  'kyc.claimNext': defineCall({
    summary: 'Claim the claimable case with the earliest due date',
    access: REVIEWER_ROLES,
    input: z.strictObject({}),
    output: z.object({ claimed: claimSchema.nullable() }),
  }),
  'kyc.claim': defineCall({
    summary: 'Claim a case, or renew the lease on one you hold',
    access: REVIEWER_ROLES,
    input: byId,
    output: claimSchema,
  }),
  'kyc.release': defineCall({
    summary: 'Give a held case back to the queue',
    access: REVIEWER_ROLES,
    input: byId,
    output: closedSchema,
  }),
  'kyc.decideDocument': defineCall({
    summary: 'Accept a document, or mark it as needing revision with a reason',
    access: REVIEWER_ROLES,
    input: z.strictObject({
      applicationId,
      documentId,
      decision: documentDecision,
      reasonCode: reasonCodeName.optional(),
      note,
    }),
    output: z.object({ documentId: z.string(), decision: documentDecision }),
  }),
  'kyc.approve': defineCall({
    summary: 'Approve a held case (a high-risk case needs a second senior reviewer)',
    access: REVIEWER_ROLES,
    input: z.strictObject({ applicationId, note }),
    output: z.object({ state: caseState, codeExpiresAt: instant.nullable() }),
  }),
  'kyc.reject': defineCall({
    summary: 'Reject a held case with reasons the applicant reads in the SMS',
    access: REVIEWER_ROLES,
    input: z.strictObject({ applicationId, reasonCodes: z.array(reasonCodeName).min(1).max(10), note }),
    output: closedSchema,
  }),
  'kyc.requestInfo': defineCall({
    summary: 'Ask the applicant for more information; they resubmit',
    access: REVIEWER_ROLES,
    input: z.strictObject({ applicationId, reasonCodes: z.array(reasonCodeName).min(1).max(10), note }),
    output: closedSchema,
  }),
  'kyc.reveal': defineCall({
    summary: 'Show one unmasked number of an application (audited)',
    access: REVIEWER_ROLES,
    input: z.strictObject({ applicationId, field: z.enum(REVEALABLE_FIELDS) }),
    output: z.object({ value: z.string() }),
  }),
  'kyc.importBundle': defineCall({
    summary: 'Import an application bundle from a directory on this machine',
    access: REVIEW_READER_ROLES,
    input: z.strictObject({ path: z.string().trim().min(1).max(4096) }),
    output: z.object({
      submitted: z.number().int(),
      resubmitted: z.number().int(),
      unchanged: z.number().int(),
      /** The first 100 application ids stored, in bundle order. */
      applicationIds: z.array(z.string()),
    }),
  }),
  'kyc.intakeAtCounter': defineCall({
    summary:
      'Enter one application at the counter with its scanned documents (checked and stored like a bundle), or a correction of a returned one',
    access: REVIEW_READER_ROLES,
    /**
     * The application's own fields; the station assigns the id, the submission time (its clock
     * starts the SLA) and the channel. A bank statement is its CSV document, read into rows.
     */
    input: z.strictObject({
      applicant: applicationSchema.shape.applicant,
      settlementCard: applicationSchema.shape.settlementCard,
      businessProof: applicationFileSchema.shape.businessProof,
      deviceFingerprint: applicationSchema.shape.deviceFingerprint,
      documents: counterDocuments,
      /**
       * Corrects a rejected or info-requested case: stored as its next submission, every check
       * runs again on the corrected data and the case returns to the queue.
       */
      resubmits: applicationId.optional(),
    }),
    output: z.object({
      applicationId: z.string(),
      submission: z.number().int(),
      submittedAt: instant,
      risk,
      dueAt: instant,
      findings: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
    }),
  }),
  'kyc.reasonCodes': defineCall({
    summary: 'The fixed list of review reason codes with their Chinese and English text',
    access: 'signed-in',
    input: z.strictObject({}),
    output: z.object({
      codes: z.array(
        z.object({ code: z.string(), zh: z.string(), en: z.string(), use: z.array(z.enum(REASON_USES)) }),
      ),
    }),
  }),
};
