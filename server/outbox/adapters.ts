import { appendFileSync } from 'node:fs';
import type { Sql } from '../db/db';

export interface Delivery {
  readonly idempotencyKey: string;
  readonly channel: 'sms' | 'notice';
  readonly recipient: string;
  readonly body: string;
}

/** Hands one message to a gateway. Throws when it was not accepted (the worker retries later). */
export interface MessageAdapter {
  readonly name: string;
  /** q is the worker's open transaction (the log adapter writes its row in it). */
  deliver(message: Delivery, q: Sql): Promise<void>;
}

/**
 * The default gateway for a trial: a row in hub_sms_log (unique on the idempotency key, so a
 * redelivery does not log twice) and a line in a file an operator can read.
 */
export function logAdapter(file: string | null): MessageAdapter {
  return {
    name: 'log',
    async deliver(m, q) {
      const rows = await q.query(
        `INSERT INTO hub_sms_log (idempotency_key, recipient, body) VALUES ($1, $2, $3)
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
        [m.idempotencyKey, m.recipient, m.body],
      );
      if (rows.length > 0 && file)
        appendFileSync(
          file,
          `${new Date().toISOString()}\t${m.channel}\t${m.recipient}\t${m.idempotencyKey}\t${m.body}\n`,
        );
    },
  };
}

/** An HTTP gateway: POST JSON with an Idempotency-Key header; any 2xx is delivered. */
export function httpAdapter(url: string, timeoutMs = 10_000): MessageAdapter {
  return {
    name: 'http',
    async deliver(m) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': m.idempotencyKey },
        body: JSON.stringify({ channel: m.channel, to: m.recipient, text: m.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) throw new Error(`gateway answered HTTP ${response.status}`);
    },
  };
}
