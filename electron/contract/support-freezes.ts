import { z } from 'zod';
import { defineCall, SUPPORT_ROLES, type Role } from './define';

/**
 * The support desk's list of every freeze (冻结清单, issue 10 §3): open and lifted, who froze and
 * who lifted each, whether the unit itself has taken it, and — where the station is enrolled —
 * whether the hub has it. Times are ISO-8601 +08:00.
 */
const SUPPORT: readonly Role[] = SUPPORT_ROLES;
const instant = z.string();

/** Where the unit's own flag stands, as last seen at a station. */
export const UNIT_FREEZE_STATES = [
  /** It took FREEZE. */
  'frozen',
  /** Not seen on a station since it was frozen: it takes FREEZE at its next connect. */
  'awaiting_freeze',
  /** It accepted the signed UNFREEZE token. */
  'unfrozen',
  /** Lifted in the registry, but the unit still carries its frozen flag until it next connects. */
  'awaiting_unfreeze',
  /** Lifted before the unit ever took the freeze: nothing is left on it. */
  'never_frozen',
] as const;

/** The hub's word on the freeze, where the station is enrolled. */
export const HUB_FREEZE_STATES = [
  /** The change made here has not reached the hub yet. */
  'sending',
  /** The hub holds the same state (frozen for an open freeze, active for a lifted one). */
  'agrees',
  /** The hub holds another state (a change at another station, or a refusal). */
  'differs',
  /** The hub has said nothing about this unit yet. */
  'unknown',
] as const;

export const freezeRowSchema = z.object({
  id: z.number().int(),
  serial: z.string(),
  active: z.boolean(),
  reason: z.string(),
  frozenBy: z.string(),
  /** Frozen at another station and pulled from the hub (frozenBy is the hub's operator). */
  frozenAtHub: z.boolean(),
  frozenAt: instant,
  unfrozenBy: z.string().nullable(),
  unfrozenAtHub: z.boolean(),
  unfrozenAt: instant.nullable(),
  unfreezeReason: z.string().nullable(),
  unit: z.enum(UNIT_FREEZE_STATES),
  /** When the unit took the freeze, or its lifting (the latest of the two it did). */
  unitAt: instant.nullable(),
  /** null: the station is not enrolled with a hub. */
  hub: z.enum(HUB_FREEZE_STATES).nullable(),
  /** The hub's own status when it differs. */
  hubStatus: z.enum(['active', 'frozen', 'revoked']).nullable(),
});
export type FreezeRow = z.infer<typeof freezeRowSchema>;

export const supportFreezesCalls = {
  'support.freezes': defineCall({
    summary:
      'Every freeze, open and lifted, newest first, a page at a time with the totals: who froze and lifted it, the unit and the hub',
    access: SUPPORT,
    input: z.strictObject({
      status: z.enum(['active', 'lifted', 'all']).default('all'),
      /** A serial or its beginning, or the box's QR code as scanned. */
      serial: z.string().trim().max(512, 'must be at most 512 characters').optional(),
      /** Where the page starts in the newest-first list (0: the newest); the next page is offset + rows shown. */
      offset: z.number().int().min(0, 'must be 0 or more').max(1_000_000_000).default(0),
    }),
    output: z.object({
      enrolled: z.boolean(),
      /** At most `cap` freezes from `offset`. */
      freezes: z.array(freezeRowSchema),
      offset: z.number().int(),
      /** The most one page holds (FREEZE_LIST_CAP). */
      cap: z.number().int(),
      /** How many match the filter in all, and of them how many are in force and lifted. */
      total: z.number().int(),
      active: z.number().int(),
      lifted: z.number().int(),
    }),
  }),
};
