import { z } from 'zod';
import { defineCall, defineEvent, REVIEW_READER_ROLES } from './define';

/** The station's link to its hub as the header shows it (docs/sync.md §8). */
export const syncStatusSchema = z.object({
  enrolled: z.boolean(),
  online: z.boolean(),
  lastSyncAt: z.string().nullable(),
  pending: z.number().int(),
  attention: z.number().int(),
  /** Hub clock minus station clock (ms); the header warns past `skewWarnMs`. */
  skewMs: z.number().nullable(),
  skewWarnMs: z.number().int(),
  /** The hub refused this station's audit chain (e.g. AUDIT_CHAIN_BROKEN: a record was altered here). */
  auditProblem: z.object({ code: z.string(), message: z.string() }).nullable(),
  /**
   * What the station held before it enrolled (open freezes, finished runs), pushed once: items the
   * hub has answered of all; null until the first push after enrolment planned it.
   */
  backfill: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const syncMutationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  operator: z.string(),
  /** The case or serial it is about, when it names one. */
  subject: z.string().nullable(),
  createdAt: z.string(),
  state: z.enum(['pending', 'refused']),
  attempts: z.number().int(),
  code: z.string().nullable(),
  message: z.string().nullable(),
  messageZh: z.string().nullable(),
});
export type SyncMutationView = z.infer<typeof syncMutationSchema>;

export const syncIdentitySchema = z.object({
  enrolled: z.boolean(),
  hubUrl: z.string().nullable(),
  stationId: z.string().nullable(),
  name: z.string().nullable(),
  certificateFingerprint: z.string().nullable(),
  certificateValidTo: z.string().nullable(),
  hubCaFingerprint: z.string().nullable(),
  /** How the private key is kept (the OS keychain in the desktop app, a 0600 file otherwise). */
  keyProtection: z.string(),
});
export type SyncIdentityView = z.infer<typeof syncIdentitySchema>;

const hubPerson = z.object({ operator: z.string(), station: z.string(), at: z.string().nullable() });

/** What the hub says of a case, for the case view: who holds it, who decided it, a refused decision. */
export const syncCaseSchema = z.object({
  known: z.boolean(),
  status: z.string().nullable(),
  heldElsewhere: hubPerson.nullable(),
  decided: hubPerson.nullable(),
  refusedDecision: z
    .object({
      mutationId: z.string(),
      operator: z.string(),
      code: z.string(),
      message: z.string(),
      messageZh: z.string(),
    })
    .nullable(),
});
export type SyncCaseView = z.infer<typeof syncCaseSchema>;

const mutationId = z.strictObject({ id: z.uuid() });

const hubUrl = z
  .string()
  .trim()
  .max(200)
  .refine((text) => URL.canParse(text) && new URL(text).protocol === 'https:', {
    message: 'an https:// address, e.g. https://hub.example:8443',
  });

export const syncCalls = {
  'sync.status': defineCall({
    summary: 'Online or not, last sync, pending and attention counts',
    access: 'signed-in',
    input: z.strictObject({}),
    output: syncStatusSchema,
  }),
  'sync.mutations': defineCall({
    summary: 'Mutations waiting for the hub and those it refused (the attention list)',
    access: 'signed-in',
    input: z.strictObject({}),
    output: z.object({ mutations: z.array(syncMutationSchema) }),
  }),
  'sync.retry': defineCall({
    summary: 'Send a refused mutation again (as a new one); its author or an admin',
    access: 'signed-in',
    input: mutationId,
    output: z.object({ id: z.string() }),
  }),
  'sync.discard': defineCall({
    summary: 'Give a refused mutation up; its author or an admin',
    access: 'signed-in',
    input: mutationId,
    output: z.object({ id: z.string() }),
  }),
  'sync.now': defineCall({
    summary: 'Sync with the hub now',
    access: 'signed-in',
    input: z.strictObject({}),
    output: syncStatusSchema,
  }),
  'sync.identity': defineCall({
    summary: "This station's hub, name and certificate fingerprints",
    access: 'signed-in',
    input: z.strictObject({}),
    output: syncIdentitySchema,
  }),
  'sync.enrol': defineCall({
    summary: 'Enrol this station with a hub once, with a one-time code from `hub enroll-station`',
    access: ['admin'],
    input: z.strictObject({ hubUrl, code: z.string().trim().min(1).max(200) }),
    output: syncIdentitySchema,
  }),
  'sync.case': defineCall({
    summary: 'What the hub says of a case: its holder elsewhere, its decision, a refused decision of ours',
    access: REVIEW_READER_ROLES,
    input: z.strictObject({ applicationId: z.string().min(1).max(64) }),
    output: syncCaseSchema,
  }),
};

export const syncEvents = {
  /** After every sync round, enqueue, retry or discard: the header, the Sync panel and case notices refresh. */
  'sync.status': defineEvent({ access: 'signed-in', payload: syncStatusSchema }),
};
