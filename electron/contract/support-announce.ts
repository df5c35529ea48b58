import { z } from 'zod';
import { defineCall, SUPPORT_SECOND_PERSON_ROLES, type Role } from './define';

/**
 * Announcing a rate change to merchants (issue 10 §6, DESIGN §1): the fee schedule versions not yet
 * in force, what each changes, the merchants it reaches, the notice they receive, whether the
 * 30-day rule allows announcing it now, and each merchant's notice as the outbox delivers it. Only
 * the support lead or an administrator announces. Times are ISO-8601 +08:00.
 */
const LEADS: readonly Role[] = SUPPORT_SECOND_PERSON_ROLES;
const instant = z.string();
const rate = z.object({
  percent: z.string(),
  fixedFen: z.number().int(),
  capFen: z.number().int().nullable(),
});

/** Where the station knows a merchant from. */
export const MERCHANT_SOURCES = ['application', 'case', 'settlement'] as const;

export const NOTICE_STATES = ['queued', 'retrying', 'sent'] as const;

export const versionAnnouncementSchema = z.object({
  id: z.string(),
  effectiveAt: instant,
  /** When the schedule file says it is announced (its own dates already give 30 days). */
  plannedAnnouncementAt: instant,
  /** The last moment merchants may be told: 30 days before it takes effect. */
  announceBy: instant,
  /** Whether announcing now gives the 30 days' notice. */
  ruleMet: z.boolean(),
  /** When the rule is not met: the first day a version announced now could take effect ('YYYY-MM-DD'). */
  earliestEffectiveDate: z.string().nullable(),
  /** What differs from the version before it: rates per channel (and wallet). */
  changes: z.array(z.object({ channel: z.string(), from: rate.nullable(), to: rate })),
  /** The message every merchant receives (Chinese, as sent). */
  body: z.string(),
  merchants: z.array(
    z.object({
      merchantId: z.string(),
      sources: z.array(z.enum(MERCHANT_SOURCES)),
      notice: z
        .object({
          state: z.enum(NOTICE_STATES),
          createdAt: instant,
          createdBy: z.string(),
          attempts: z.number().int(),
          lastError: z.string().nullable(),
          sentAt: instant.nullable(),
        })
        .nullable(),
    }),
  ),
});
export type VersionAnnouncement = z.infer<typeof versionAnnouncementSchema>;

const announcements = z.object({ now: instant, versions: z.array(versionAnnouncementSchema) });

export const supportAnnounceCalls = {
  'support.rateChanges': defineCall({
    summary: 'Fee schedule versions not yet in force, the merchants they reach and their notices',
    access: LEADS,
    input: z.strictObject({}),
    output: announcements,
  }),
  'support.announceRateChange': defineCall({
    summary:
      'Send the rate-change notice of a version to every merchant (the outbox; never twice to one merchant), audited',
    access: LEADS,
    input: z.strictObject({ version: z.string().trim().min(1, 'choose a schedule version').max(100) }),
    output: announcements.extend({ queued: z.array(z.string()), alreadyNotified: z.array(z.string()) }),
  }),
};
