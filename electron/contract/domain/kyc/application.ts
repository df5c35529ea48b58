import { z } from 'zod';

/**
 * A merchant application as the station holds it (DESIGN §1 "Application (KYC)").
 *
 * The schema checks shape only — types, date formats, enums, integer fen. Whether an ID number's
 * check digit is right, a card is debit or a statement proves business is the job of the checks
 * (electron/services/kyc/checks), which turn every such fault into a finding the reviewer sees;
 * rejecting it here would hide a bad application instead of flagging it.
 */

export const APPLICATION_SCHEMA_VERSION = 1;

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date 'YYYY-MM-DD' (Asia/Shanghai), checked to exist (no 2026-02-30). */
export const calendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'expected a calendar date YYYY-MM-DD' });
export type CalendarDate = z.infer<typeof calendarDateSchema>;

/** An instant with an explicit offset, e.g. 2026-11-20T10:15:00+08:00. */
export const instantSchema = z.iso.datetime({ offset: true });

export const LONG_TERM = 'long_term' as const;

export const applicantSchema = z.object({
  name: z.string().trim().min(1).max(64),
  /** As printed on the card; format and check digit are judged by the checks. */
  idNumber: z.string().trim().min(1).max(32),
  idValidFrom: calendarDateSchema,
  /** 长期 (long-term) cards are issued from age 46. */
  idValidTo: z.union([calendarDateSchema, z.literal(LONG_TERM)]),
  phone: z.string().trim().min(1).max(20),
  address: z.string().trim().min(1).max(200),
});
export type Applicant = z.infer<typeof applicantSchema>;

export const ACCOUNT_CLASSES = ['I', 'II'] as const;
export type AccountClass = (typeof ACCOUNT_CLASSES)[number];

export const settlementCardSchema = z.object({
  number: z.string().trim().min(1).max(32),
  holderName: z.string().trim().min(1).max(64),
  /** Class I/II as reported by the issuing bank, when the applicant's bank has told us. */
  bankReportedClass: z.enum(ACCOUNT_CLASSES).optional(),
});
export type SettlementCard = z.infer<typeof settlementCardSchema>;

const fenSchema = z.number().int().nonnegative();

export const qrRecordSchema = z.object({
  time: instantSchema,
  amountFen: fenSchema,
  payer: z.string().max(64).optional(),
});
export type QrRecord = z.infer<typeof qrRecordSchema>;

export const qrRecordsProofSchema = z.object({
  type: z.literal('qr_records'),
  provider: z.enum(['wechat', 'alipay']),
  /** May be empty: a missing merchant name is a finding, not a malformed application. */
  merchantName: z.string().max(100),
  records: z.array(qrRecordSchema),
  /** Screenshots of the records, ids into `documents`. */
  documentIds: z.array(z.string()).default([]),
});
export type QrRecordsProof = z.infer<typeof qrRecordsProofSchema>;

export const STATEMENT_DIRECTIONS = ['in', 'out'] as const;
export type StatementDirection = (typeof STATEMENT_DIRECTIONS)[number];

export const statementRowSchema = z.object({
  /** Local Asia/Shanghai time 'YYYY-MM-DD HH:mm:ss', as banks print it. */
  time: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DD HH:mm:ss'),
  direction: z.enum(STATEMENT_DIRECTIONS),
  amountFen: z.number().int().positive(),
  counterparty: z.string().max(100),
  balanceFen: z.number().int(),
});
export type StatementRow = z.infer<typeof statementRowSchema>;

export const bankStatementProofSchema = z.object({
  type: z.literal('bank_statement'),
  /** The CSV document the rows were read from (id into `documents`). */
  documentId: z.string(),
  rows: z.array(statementRowSchema),
});
export type BankStatementProof = z.infer<typeof bankStatementProofSchema>;

export const stallCertificateProofSchema = z.object({
  type: z.literal('stall_certificate'),
  /** The community or market committee that issued it. */
  issuer: z.string().max(100),
  stamped: z.boolean(),
  /** The business it names; may be empty, which is a finding. */
  business: z.string().max(100),
  validFrom: calendarDateSchema,
  validTo: calendarDateSchema,
  documentId: z.string(),
});
export type StallCertificateProof = z.infer<typeof stallCertificateProofSchema>;

export const businessProofSchema = z.discriminatedUnion('type', [
  qrRecordsProofSchema,
  bankStatementProofSchema,
  stallCertificateProofSchema,
]);
export type BusinessProof = z.infer<typeof businessProofSchema>;

export const DOCUMENT_KINDS = ['id_front', 'id_back', 'card_photo', 'proof'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_MIME_TYPES = ['image/png', 'image/jpeg', 'application/pdf', 'text/csv'] as const;
export type DocumentMimeType = (typeof DOCUMENT_MIME_TYPES)[number];

export const documentSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
  kind: z.enum(DOCUMENT_KINDS),
  mimeType: z.enum(DOCUMENT_MIME_TYPES),
  /** Path inside the application's directory of the bundle, e.g. 'documents/id-front.png'. */
  file: z.string().min(1).max(200),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
});
export type ApplicationDocument = z.infer<typeof documentSchema>;

export const CHANNELS = ['app', 'web', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];

export const applicationSchema = z.object({
  schemaVersion: z.literal(APPLICATION_SCHEMA_VERSION),
  applicationId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, - and _ only'),
  submittedAt: instantSchema,
  channel: z.enum(CHANNELS),
  deviceFingerprint: z.string().min(1).max(128).optional(),
  applicant: applicantSchema,
  settlementCard: settlementCardSchema,
  businessProof: businessProofSchema,
  documents: z.array(documentSchema),
});
export type Application = z.infer<typeof applicationSchema>;
