import { z } from 'zod';
import { defineCall } from './define';

const filterText = z.string().trim().min(1).max(64);

export const auditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditRecordView = z.infer<typeof auditRecordSchema>;

export const AUDIT_PROBLEMS = [
  'edited',
  'removed',
  'reordered',
  'truncated',
  'inserted',
  'anchor_missing',
  'anchor_mismatch',
  'anchor_forged',
] as const;

export const auditVerificationSchema = z.union([
  z.object({ ok: z.literal(true), count: z.number().int() }),
  z.object({
    ok: z.literal(false),
    firstBadSeq: z.number().int(),
    problem: z.enum(AUDIT_PROBLEMS),
    message: z.string(),
  }),
]);
export type AuditVerificationView = z.infer<typeof auditVerificationSchema>;

/** The administrator's calls beside operator management (session.ts): the audit log viewer. */
export const adminCalls = {
  'audit.records': defineCall({
    summary: 'Audit records, newest first, filtered by case, unit or operator',
    access: ['admin'],
    input: z.strictObject({
      caseId: filterText.optional(),
      serial: filterText.optional(),
      actor: filterText.optional(),
      beforeSeq: z.number().int().min(1).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ records: z.array(auditRecordSchema), nextBeforeSeq: z.number().int().nullable() }),
  }),
  'audit.verify': defineCall({
    summary: 'Check the keyed audit chain and its head; names the first bad record',
    access: ['admin'],
    input: z.strictObject({}),
    output: auditVerificationSchema,
  }),
};
export type AdminCalls = typeof adminCalls;
