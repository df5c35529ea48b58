import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/store/database';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { noticesFor } from '../../../electron/services/notices/notice-outbox';
import { queueRateChangeNotices } from '../../../electron/services/fees/rate-change-notices';
import { at, shippedBook } from './fixtures';
import type { Operator } from '../../../electron/contract/context';

const admin: Operator = { id: 'op-a1', username: 'admin', displayName: '管理员', role: 'admin' };

function setup(nowIso: string) {
  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => at(nowIso) };
  return { db, deps: { db, audit: createAuditLog(db, clock), clock, book: shippedBook() } };
}

describe('rate-change notices through the notice outbox', () => {
  it('one notice per merchant and version, written with its audit record; a second announcement adds nothing', () => {
    const { db, deps } = setup('2026-11-10T10:00:00+08:00');
    expect(queueRateChangeNotices(deps, '2026-12-credit-0.65', ['M2', 'M1', 'M1', ' '], admin)).toEqual({
      queued: ['M1', 'M2'],
      alreadyNotified: [],
    });
    expect(queueRateChangeNotices(deps, '2026-12-credit-0.65', ['M1', 'M3'], admin)).toEqual({
      queued: ['M3'],
      alreadyNotified: ['M1'],
    });
    const notices = noticesFor(db, 'rate_change', '2026-12-credit-0.65');
    expect(notices.map((n) => n.merchantId)).toEqual(['M1', 'M2', 'M3']);
    expect(notices[0]!.body).toBe(
      '【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
    );
    expect(
      db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'fees.rate_change.notified'").get(),
    ).toEqual({ n: 2 });
  });

  it('a version already in force (from 00:00:00 Shanghai on its day) or unknown is refused, and nothing is queued', () => {
    const late = setup('2026-12-15T00:00:00+08:00');
    expect(() => queueRateChangeNotices(late.deps, '2026-12-credit-0.65', ['M1'], admin)).toThrow(
      /already in force/,
    );
    expect(() => queueRateChangeNotices(late.deps, 'no-such', ['M1'], admin)).toThrow(
      /No fee schedule version/,
    );
    expect(noticesFor(late.db, 'rate_change', '2026-12-credit-0.65')).toEqual([]);
  });

  it('30 days ahead: until 00:00:00 Shanghai thirty days before it takes effect, not one second later', () => {
    // 2026-12-15 00:00 +08:00 is 2026-12-14 16:00 UTC: the edge is a Shanghai midnight, not a UTC one.
    const inTime = setup('2026-11-15T00:00:00+08:00');
    expect(queueRateChangeNotices(inTime.deps, '2026-12-credit-0.65', ['M1'], admin).queued).toEqual(['M1']);

    const tooLate = setup('2026-11-15T00:00:01+08:00');
    let refusal: unknown;
    try {
      queueRateChangeNotices(tooLate.deps, '2026-12-credit-0.65', ['M1'], admin);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      refusal: 'wrong_state',
      field: 'version',
      reason: 'fees.notice.too_late',
    });
    expect((refusal as Error).message).toContain('told by 2026-11-15T00:00:00+08:00');
    // Announced at 00:00:01, thirty days later is past midnight: the next midnight is the earliest.
    expect((refusal as Error).message).toContain('from 2026-12-16 00:00 Shanghai');
    expect(noticesFor(tooLate.db, 'rate_change', '2026-12-credit-0.65')).toEqual([]);
    expect(
      tooLate.db
        .prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'fees.rate_change.notified'")
        .get(),
    ).toEqual({ n: 0 });
  });
});
