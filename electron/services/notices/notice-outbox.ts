import type { NoticeKind } from '../../contract/domain/notices';
import type { Db } from '../../store/database';
import { shanghaiIso, type Clock } from '../audit/clock';
import { retryDelaySeconds } from './retry-delay';

/**
 * The station's merchant notice outbox (migration 0033): rate-change notices and idle reminders.
 * A notice is queued inside the transaction of what causes it, so it exists if and only if that
 * committed; the worker delivers it after commit, retrying with backoff. Delivery is
 * at-least-once: a crash between the gateway and the "sent" mark sends it again under the same
 * key, which the gateway uses to drop the duplicate.
 */
export interface Notice {
  readonly kind: NoticeKind;
  readonly merchantId: string;
  /** The schedule version of a rate change, the month ('YYYY-MM') of an idle reminder. */
  readonly period: string;
  /** The unit(s) the notice is about, for the list (empty for a rate change). */
  readonly subject: string;
  /** The message the merchant receives (Chinese). */
  readonly body: string;
}

export interface NoticeRecord extends Notice {
  readonly key: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: string | null;
}

/** The idempotency key the gateway sees: one per (kind, merchant, period). */
export function noticeKey(n: Pick<Notice, 'kind' | 'merchantId' | 'period'>): string {
  return `${n.kind}:${n.merchantId}:${n.period}`;
}

/**
 * Queues a notice unless one for the same (kind, merchant, period) exists; true when queued.
 * MUST run inside the caller's transaction (the change that causes the notice).
 */
export function queueNotice(db: Db, notice: Notice, nowMs: number, by: string): boolean {
  if (!db.inTransaction) throw new Error('queueNotice must run inside the transaction of its cause');
  const result = db
    .prepare(
      `INSERT INTO notice_outbox (kind, merchant_id, period, subject, body, created_at, created_by, next_attempt_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, merchant_id, period) DO NOTHING`,
    )
    .run(
      notice.kind,
      notice.merchantId,
      notice.period,
      notice.subject,
      notice.body,
      shanghaiIso(nowMs),
      by,
      nowMs,
    );
  return result.changes === 1;
}

interface Row {
  id: number;
  kind: NoticeKind;
  merchant_id: string;
  period: string;
  subject: string;
  body: string;
  created_at: string;
  created_by: string;
  attempts: number;
  next_attempt_ms: number;
  last_error: string | null;
  sent_at: string | null;
}

const record = (r: Row): NoticeRecord => ({
  kind: r.kind,
  merchantId: r.merchant_id,
  period: r.period,
  subject: r.subject,
  body: r.body,
  key: noticeKey({ kind: r.kind, merchantId: r.merchant_id, period: r.period }),
  createdAt: r.created_at,
  createdBy: r.created_by,
  attempts: r.attempts,
  lastError: r.last_error,
  sentAt: r.sent_at,
});

/** The notices of one kind for one period (a month's reminders, a version's rate-change notices). */
export function noticesFor(db: Db, kind: NoticeKind, period: string): NoticeRecord[] {
  return (
    db
      .prepare('SELECT * FROM notice_outbox WHERE kind = ? AND period = ? ORDER BY merchant_id')
      .all(kind, period) as Row[]
  ).map(record);
}

/** The merchants' SMS and app-push channel, as the station reaches it. */
export interface NoticeGateway {
  deliver(notice: {
    readonly key: string;
    readonly merchantId: string;
    readonly kind: NoticeKind;
    readonly body: string;
  }): Promise<void>;
}

/** How long a delivery in flight holds its row before another worker may try it again. */
export const DELIVERY_LEASE_MS = 60_000;

/**
 * Delivers due notices one at a time. Each row is claimed first (its due time moved past the
 * lease), so a second worker on the same store does not send it at the same moment; then it is
 * handed to the gateway and marked sent, or its attempt counted and retried after the backoff.
 */
export async function deliverDueNotices(
  db: Db,
  gateway: NoticeGateway,
  clock: Clock,
  max = 20,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < max; i++) {
    const nowMs = clock.now();
    const row = db
      .prepare(
        'SELECT * FROM notice_outbox WHERE sent_at IS NULL AND next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT 1',
      )
      .get(nowMs) as Row | undefined;
    if (row === undefined) break;
    const claimed = db
      .prepare(
        'UPDATE notice_outbox SET next_attempt_ms = ? WHERE id = ? AND next_attempt_ms = ? AND sent_at IS NULL',
      )
      .run(nowMs + DELIVERY_LEASE_MS, row.id, row.next_attempt_ms);
    if (claimed.changes !== 1) continue;
    const n = record(row);
    try {
      await gateway.deliver({ key: n.key, merchantId: n.merchantId, kind: n.kind, body: n.body });
    } catch (error) {
      const attempts = row.attempts + 1;
      db.prepare(
        'UPDATE notice_outbox SET attempts = ?, last_error = ?, next_attempt_ms = ? WHERE id = ?',
      ).run(
        attempts,
        error instanceof Error ? error.message : String(error),
        clock.now() + retryDelaySeconds(attempts) * 1000,
        row.id,
      );
      failed++;
      continue;
    }
    db.prepare(
      'UPDATE notice_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?',
    ).run(shanghaiIso(clock.now()), row.id);
    sent++;
  }
  return { sent, failed };
}

/** Runs the delivery every `intervalMs`; one pass at a time. */
export function startNoticeWorker(
  db: Db,
  gateway: NoticeGateway,
  clock: Clock,
  intervalMs = 2000,
  onError: (error: unknown) => void = () => {},
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverDueNotices(db, gateway, clock)
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
