import type { Sql } from '../db/db';

export interface OutboxMessage {
  /** Same key, same message: a second enqueue is a no-op, a redelivery carries it to the gateway. */
  readonly idempotencyKey: string;
  readonly channel: 'sms' | 'notice';
  readonly recipient: string;
  readonly body: string;
  readonly caseId: string | null;
}

/** Written in the caller's transaction: the message exists if and only if its decision committed. */
export async function enqueueMessage(q: Sql, m: OutboxMessage): Promise<void> {
  await q.query(
    `INSERT INTO hub_outbox (idempotency_key, channel, recipient, body, case_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
    [m.idempotencyKey, m.channel, m.recipient, m.body, m.caseId],
  );
}
