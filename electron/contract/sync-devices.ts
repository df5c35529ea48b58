import { z } from 'zod';
import { defineCall, SUPPORT_ROLES, type Role } from './define';

/** One entry of a unit's history as some station pushed it to the hub (docs/sync.md §10.4). */
export const hubUnitEntrySchema = z.object({
  kind: z.enum(['evidence', 'shipment']),
  /** The name of the station that pushed it. */
  station: z.string(),
  operator: z.string(),
  recordedAt: z.string(),
  runId: z.string().nullable(),
  /** The run's outcome (succeeded, refused, failed, …); null for a shipment. */
  outcome: z.string().nullable(),
  failureCode: z.string().nullable(),
  applicationId: z.string().nullable(),
});
export type HubUnitEntry = z.infer<typeof hubUnitEntrySchema>;

export const hubUnitHistorySchema = z.object({
  /** false on a standalone station: there is no hub to ask (and the rest is empty). */
  enrolled: z.boolean(),
  /** The hub registry's word now ('unknown': never frozen or revoked at the hub). */
  status: z.enum(['active', 'frozen', 'revoked', 'unknown']).nullable(),
  entries: z.array(hubUnitEntrySchema),
});
export type HubUnitHistory = z.infer<typeof hubUnitHistorySchema>;

const READERS: readonly Role[] = [...SUPPORT_ROLES, 'warehouse'];

export const syncDevicesCalls = {
  'sync.unitHistory': defineCall({
    summary:
      "A unit's whole history at the hub: every station's provisioning runs and shipments, oldest first",
    access: READERS,
    input: z.strictObject({ serial: z.string().trim().min(1).max(64) }),
    output: hubUnitHistorySchema,
  }),
};
