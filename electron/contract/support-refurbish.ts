import { z } from 'zod';
import { defineCall, SUPPORT_ROLES, type Role } from './define';
import { RUN_STATUSES } from './domain/devices/provisioning';
import { CASE_STATES } from './domain/support/case-states';

/**
 * Refurbish and scrap a returned unit (issue 10 §5, docs/support.md). A refurbish runs on the unit on
 * a board port over the provisioning pipeline's steps and answers when it ends; each leaves an
 * evidence sheet (devices.evidence with the run id). Times are ISO-8601 +08:00.
 */
const SUPPORT: readonly Role[] = SUPPORT_ROLES;
const caseId = z.string().trim().min(1).max(32);
const reason = z.string().trim().min(4, 'say why, in at least 4 characters').max(200);

export const refurbishOutcomeSchema = z.object({
  runId: z.string(),
  status: z.enum(RUN_STATUSES).exclude(['running', 'paused']),
  serial: z.string().nullable(),
  caseId: z.string(),
  caseState: z.enum(CASE_STATES),
  /** Why it stopped, in both languages; null when the unit is back in stock. */
  failure: z.object({ step: z.string(), code: z.string(), zh: z.string(), en: z.string() }).nullable(),
});
export type RefurbishOutcome = z.infer<typeof refurbishOutcomeSchema>;

export const scrapOutcomeSchema = z.object({
  runId: z.string(),
  caseId: z.string(),
  serial: z.string(),
  caseState: z.enum(CASE_STATES),
  /** null: the unit is not in this station's registry (the scrap is recorded all the same). */
  registryStatus: z.enum(['genuine', 'frozen', 'revoked']).nullable(),
});
export type ScrapOutcome = z.infer<typeof scrapOutcomeSchema>;

export const supportRefurbishCalls = {
  'support.refurbish': defineCall({
    summary:
      'Refurbish the unit on a port: factory reset → current firmware → self-test → genuine check → back to stock',
    access: SUPPORT,
    input: z.strictObject({
      portId: z.string().min(1),
      /** Default: the case decided as refurbish for the serial the unit on the port reports. */
      caseId: caseId.optional(),
    }),
    output: refurbishOutcomeSchema,
  }),
  'support.scrap': defineCall({
    summary: "Scrap a case's unit: its serial revoked in the registry, with the reason and an evidence sheet",
    access: SUPPORT,
    input: z.union([
      z.strictObject({ caseId, reason }),
      z.strictObject({ serial: z.string().trim().min(1).max(64), reason }),
    ]),
    output: scrapOutcomeSchema,
  }),
} as const;
