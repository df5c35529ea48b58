/**
 * The HTTP SMS adapter against a local gateway: the message goes out after the decision commits,
 * with its idempotency key as a header; a gateway error keeps it pending for a later attempt, and
 * a redelivery carries the same key so the gateway can drop the duplicate.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { httpAdapter } from '../../../server/outbox/adapters';
import { enqueueMessage } from '../../../server/outbox/outbox';
import { deliverDue } from '../../../server/outbox/worker';
import { createTestDatabase, type TestDatabase } from './harness';

let tdb: TestDatabase;
let gateway: Server;
let url: string;
const received: { headers: IncomingHttpHeaders; body: { channel: string; to: string; text: string } }[] = [];
let failNext = 0;

beforeAll(async () => {
  tdb = await createTestDatabase('postgres');
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end('busy');
        return;
      }
      received.push({ headers: req.headers, body: JSON.parse(body) as (typeof received)[number]['body'] });
      res.writeHead(202).end('{}');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  const address = gateway.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/sms`;
});
afterAll(async () => {
  await new Promise((r) => gateway.close(r));
  await tdb?.dispose();
});

it('delivers with the idempotency key; a gateway error is retried later, not lost', async () => {
  const message = {
    idempotencyKey: 'sms:HTTP-1:approved',
    channel: 'sms' as const,
    recipient: '13500135000',
    body: '【POS】激活码 12345678',
    caseId: null,
  };
  // Written in a transaction that rolls back: no message exists.
  await tdb.db
    .tx(async (q) => {
      await enqueueMessage(q, message);
      throw new Error('decision failed');
    })
    .catch(() => undefined);
  expect(await deliverDue(tdb.db, httpAdapter(url))).toBe(0);

  await tdb.db.tx((q) => enqueueMessage(q, message));
  failNext = 1;
  expect(await deliverDue(tdb.db, httpAdapter(url))).toBe(0);
  const [pending] = await tdb.db.query<{ status: string; attempts: number; last_error: string }>(
    'SELECT status, attempts, last_error FROM hub_outbox',
  );
  expect(pending).toEqual({ status: 'pending', attempts: 1, last_error: 'gateway answered HTTP 503' });

  await tdb.db.query('UPDATE hub_outbox SET next_attempt_at = now()'); // the backoff has passed
  expect(await deliverDue(tdb.db, httpAdapter(url))).toBe(1);
  expect(received).toHaveLength(1);
  expect(received[0]!.headers['idempotency-key']).toBe('sms:HTTP-1:approved');
  expect(received[0]!.body).toEqual({ channel: 'sms', to: '13500135000', text: '【POS】激活码 12345678' });
  const [sent] = await tdb.db.query<{ status: string; body: string | null }>(
    'SELECT status, body FROM hub_outbox',
  );
  expect(sent).toEqual({ status: 'sent', body: null });
  expect(await deliverDue(tdb.db, httpAdapter(url))).toBe(0);
  expect(received).toHaveLength(1);
});
