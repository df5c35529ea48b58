/** What the station's merchant notice outbox carries (migration 0033). */
export const NOTICE_KINDS = ['rate_change', 'idle_reminder'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
