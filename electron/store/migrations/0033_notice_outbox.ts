import type { Migration } from '../migration';

/**
 * The station's merchant notice outbox (issue 10 §6): rate-change notices and idle reminders. A
 * notice row is written in the transaction of what causes it and delivered after commit by the
 * notice worker. One notice per (kind, merchant, period): the period is the schedule version of a
 * rate change or the month of an idle reminder, so asking twice queues nothing new. Times are
 * Asia/Shanghai ISO-8601; the due time is epoch milliseconds so the worker compares numbers.
 */
export const migration: Migration = {
  version: 33,
  name: 'notice_outbox',
  sql: `
    CREATE TABLE notice_outbox (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('rate_change', 'idle_reminder')),
      merchant_id TEXT NOT NULL,
      period TEXT NOT NULL,
      -- The unit(s) the notice is about (idle reminders), for the list; empty for a rate change.
      subject TEXT NOT NULL DEFAULT '',
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      created_by TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_ms INTEGER NOT NULL,
      last_error TEXT,
      sent_at TEXT,
      UNIQUE (kind, merchant_id, period)
    );
    CREATE INDEX notice_outbox_due ON notice_outbox (next_attempt_ms) WHERE sent_at IS NULL;
  `,
};
