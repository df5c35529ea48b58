import { z } from 'zod';
import { defineCall, SUPPORT_ROLES, type Role } from './define';
import { CASE_STATES, SYMPTOMS } from './domain/support/case-states';

/**
 * One entry of a unit's history as some station pushed it to the hub (docs/sync.md §10.4, §10.7):
 * a provisioning run, a shipment, a step of an after-sales case, a restock or a scrap.
 */
export const hubUnitEntrySchema = z.object({
  kind: z.enum(['evidence', 'shipment', 'case', 'restock', 'scrap']),
  /** The name of the station that pushed it. */
  station: z.string(),
  operator: z.string(),
  recordedAt: z.string(),
  runId: z.string().nullable(),
  /** The run's outcome (succeeded, refused, failed, …); null for a shipment. */
  outcome: z.string().nullable(),
  failureCode: z.string().nullable(),
  applicationId: z.string().nullable(),
  /** A case step: the station's case id and the state it moved to; a restock or scrap: its case. */
  caseId: z.string().nullable(),
  state: z.enum(CASE_STATES).nullable(),
  /** A scrap: why. */
  reason: z.string().nullable(),
});
export type HubUnitEntry = z.infer<typeof hubUnitEntrySchema>;

export const hubUnitHistorySchema = z.object({
  /** false on a standalone station: there is no hub to ask (and the rest is empty). */
  enrolled: z.boolean(),
  /** The hub registry's word now ('unknown': never frozen or revoked at the hub). */
  status: z.enum(['active', 'frozen', 'revoked', 'unknown']).nullable(),
  /** Revoked by a scrap at some station. */
  scrapped: z.boolean(),
  entries: z.array(hubUnitEntrySchema),
  /** The unit's after-sales cases at other stations (this station's own are on its own page). */
  otherCases: z.array(
    z.object({
      station: z.string(),
      caseId: z.string(),
      state: z.enum(CASE_STATES),
      symptom: z.enum(SYMPTOMS).nullable(),
      openedBy: z.string(),
      openedAt: z.string(),
      open: z.boolean(),
    }),
  ),
});
export type HubUnitHistory = z.infer<typeof hubUnitHistorySchema>;

const READERS: readonly Role[] = [...SUPPORT_ROLES, 'warehouse'];

export const syncDevicesCalls = {
  'sync.unitHistory': defineCall({
    summary:
      "A unit's whole history at the hub: every station's provisioning runs and shipments, other stations' after-sales cases, restocks and scraps, oldest first",
    access: READERS,
    input: z.strictObject({ serial: z.string().trim().min(1).max(64) }),
    output: hubUnitHistorySchema,
  }),
};
