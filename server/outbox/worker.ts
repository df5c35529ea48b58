import type { HubDb, Sql } from '../db/db';
import { publishCase } from '../mutations/cases';
import type { MessageAdapter } from './adapters';
import { retryDelaySeconds } from '../../electron/services/notices/retry-delay';

interface DueRow {
  id: string;
  idempotency_key: string;
  channel: 'sms' | 'notice';
  recipient: string;
  body: string;
  case_id: string | null;
  attempts: number;
}

export { retryDelaySeconds };

/**
 * Delivers due messages, one transaction each: the row is locked (SKIP LOCKED, so several hub
 * processes share the work without sending one row twice at once), handed to the gateway, and
 * marked sent in the same transaction. A crash between the gateway and COMMIT leaves the row
 * pending: it is sent again with the same idempotency key (at-least-once). Returns how many were
 * delivered.
 */
export async function deliverDue(db: HubDb, adapter: MessageAdapter, max = 20): Promise<number> {
  let delivered = 0;
  for (let i = 0; i < max; i++) {
    const outcome = await db.tx(async (q) => {
      const [row] = await q.query<DueRow>(
        `SELECT id::text AS id, idempotency_key, channel, recipient, body, case_id, attempts
           FROM hub_outbox WHERE status = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!row) return 'none' as const;
      try {
        await adapter.deliver(
          {
            idempotencyKey: row.idempotency_key,
            channel: row.channel,
            recipient: row.recipient,
            body: row.body,
          },
          q,
        );
      } catch (error) {
        const attempts = row.attempts + 1;
        await q.query(
          `UPDATE hub_outbox SET attempts = $2, last_error = $3,
                  next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
          [
            row.id,
            attempts,
            error instanceof Error ? error.message : String(error),
            retryDelaySeconds(attempts),
          ],
        );
        await markCase(q, row.case_id, 'retrying');
        return 'failed' as const;
      }
      // The body may hold an activation code: once delivered it is wiped from the hub.
      await q.query(
        `UPDATE hub_outbox SET status = 'sent', sent_at = now(), attempts = attempts + 1, body = NULL,
                last_error = NULL WHERE id = $1`,
        [row.id],
      );
      await markCase(q, row.case_id, 'sent');
      return 'sent' as const;
    });
    if (outcome === 'none') break;
    if (outcome === 'sent') delivered++;
  }
  return delivered;
}

/** Delivery status flows back to the case, and to every station as a change. */
async function markCase(q: Sql, caseId: string | null, status: string): Promise<void> {
  if (!caseId) return;
  await q.query(`UPDATE hub_cases SET sms_status = $2 WHERE case_id = $1`, [caseId, status]);
  await publishCase(q, caseId);
}
