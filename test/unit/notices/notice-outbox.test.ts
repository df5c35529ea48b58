import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/store/database';
import {
  DELIVERY_LEASE_MS,
  deliverDueNotices,
  noticesFor,
  queueNotice,
  type Notice,
  type NoticeGateway,
} from '../../../electron/services/notices/notice-outbox';
import { retryDelaySeconds } from '../../../electron/services/notices/retry-delay';

const T0 = Date.parse('2026-11-25T02:00:00Z');

const reminder = (merchantId: string, period = '2026-10'): Notice => ({
  kind: 'idle_reminder',
  merchantId,
  period,
  subject: 'S1',
  body: `【POS】商户 ${merchantId}：提醒`,
});

function store(): Db {
  return openDatabase({ file: ':memory:' });
}

function queue(db: Db, n: Notice, nowMs = T0): boolean {
  return db.transaction(() => queueNotice(db, n, nowMs, 'support1'))();
}

/** A gateway that fails its first `failures` deliveries, then records what it is given. */
function flakyGateway(failures: number) {
  const delivered: string[] = [];
  let left = failures;
  const gateway: NoticeGateway = {
    deliver(n) {
      if (left > 0) {
        left--;
        return Promise.reject(new Error('gateway 503'));
      }
      delivered.push(n.key);
      return Promise.resolve();
    },
  };
  return { gateway, delivered };
}

describe('notice outbox: queued in the transaction of its cause', () => {
  it('one notice per (kind, merchant, period): a second queue is a no-op', () => {
    const db = store();
    expect(queue(db, reminder('M1'))).toBe(true);
    expect(queue(db, { ...reminder('M1'), body: 'another text' })).toBe(false);
    expect(queue(db, reminder('M1', '2026-11'))).toBe(true);
    expect(queue(db, { ...reminder('M1'), kind: 'rate_change' })).toBe(true);
    const october = noticesFor(db, 'idle_reminder', '2026-10');
    expect(october).toHaveLength(1);
    expect(october[0]).toMatchObject({
      key: 'idle_reminder:M1:2026-10',
      body: '【POS】商户 M1：提醒',
      sentAt: null,
    });
  });

  it('refuses to queue outside a transaction, and a rolled-back cause leaves no notice', () => {
    const db = store();
    expect(() => queueNotice(db, reminder('M1'), T0, 'support1')).toThrow(/inside the transaction/);
    expect(() =>
      db.transaction(() => {
        queueNotice(db, reminder('M1'), T0, 'support1');
        throw new Error('the cause failed');
      })(),
    ).toThrow('the cause failed');
    expect(noticesFor(db, 'idle_reminder', '2026-10')).toEqual([]);
  });
});

describe('notice outbox: delivery after commit', () => {
  it('retries a failing gateway with backoff (5 s, 10 s, …) and marks it sent once delivered', async () => {
    const db = store();
    queue(db, reminder('M1'));
    let now = T0;
    const clock = { now: () => now };
    const { gateway, delivered } = flakyGateway(2);

    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 1 });
    const [afterOne] = noticesFor(db, 'idle_reminder', '2026-10');
    expect(afterOne).toMatchObject({ attempts: 1, lastError: 'gateway 503', sentAt: null });
    // Not due again before its backoff has passed.
    now = T0 + retryDelaySeconds(1) * 1000 - 1;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 0 });
    now = T0 + retryDelaySeconds(1) * 1000;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 1 });
    now += retryDelaySeconds(2) * 1000 - 1;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 0 });
    now += 1;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 1, failed: 0 });
    expect(delivered).toEqual(['idle_reminder:M1:2026-10']);
    const [sent] = noticesFor(db, 'idle_reminder', '2026-10');
    expect(sent).toMatchObject({ attempts: 3, lastError: null, sentAt: '2026-11-25T10:00:15.000+08:00' });
    // A sent notice is never delivered again.
    now += 3_600_000;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 0 });
    expect(delivered).toHaveLength(1);
  });

  it('the backoff doubles from 5 s and stops at 10 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([5, 10, 20, 40]);
    expect(retryDelaySeconds(30)).toBe(600);
  });

  it('a notice in flight is not handed over a second time by another worker before its lease ends', async () => {
    const db = store();
    queue(db, reminder('M1'));
    const clock = { now: () => T0 };
    let release: () => void = () => {};
    const delivered: string[] = [];
    const slow: NoticeGateway = {
      deliver: (n) =>
        new Promise<void>((resolve) => {
          delivered.push(n.key);
          release = resolve;
        }),
    };
    const first = deliverDueNotices(db, slow, clock);
    // The first worker holds the row; a second pass finds nothing due.
    expect(await deliverDueNotices(db, slow, clock)).toEqual({ sent: 0, failed: 0 });
    release();
    expect(await first).toEqual({ sent: 1, failed: 0 });
    expect(delivered).toEqual(['idle_reminder:M1:2026-10']);
  });

  it('a worker that died mid-delivery leaves the notice to be sent again after the lease, under the same key', async () => {
    const db = store();
    queue(db, reminder('M1'));
    let now = T0;
    const clock = { now: () => now };
    // The first worker claims the row and never comes back (a station killed mid-delivery).
    void deliverDueNotices(db, { deliver: () => new Promise<void>(() => {}) }, clock);
    const { gateway, delivered } = flakyGateway(0);
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 0, failed: 0 });
    now = T0 + DELIVERY_LEASE_MS;
    expect(await deliverDueNotices(db, gateway, clock)).toEqual({ sent: 1, failed: 0 });
    expect(delivered).toEqual(['idle_reminder:M1:2026-10']);
  });
});
