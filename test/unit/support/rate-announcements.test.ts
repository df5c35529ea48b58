/**
 * Announcing a rate change to merchants (docs/support.md §6): the pending versions with what they
 * change, the merchants the station serves, the notice text, the 30-day rule at a Shanghai midnight,
 * an announcement that never tells a merchant twice, and each notice's delivery through the outbox.
 */
import type { Operator } from '../../../electron/contract/context';
import { deliverDueNotices } from '../../../electron/services/notices/notice-outbox';
import { announceRateChange, rateAnnouncements } from '../../../electron/services/support/rate-announcements';
import { switchSettlement } from '../../../electron/services/support/settlement-mode';
import { openDatabase } from '../../../electron/store/database';
import { createAuditLog } from '../../../electron/services/audit/audit-log';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { shippedBook } from '../fees/fixtures';

const lead: Operator = { id: 'op-l', username: 'lead', displayName: '王主管', role: 'support_lead' };
const VERSION = '2026-12-credit-0.65';

function setup(nowIso: string) {
  let now = parseShanghaiTime(nowIso);
  const db = openDatabase({ file: ':memory:' });
  const clock = { now: () => now };
  const audit = createAuditLog(db, clock);
  const deps = { db, audit, clock, book: shippedBook() };
  // Two approved merchants, one still in review (not a merchant yet), one named only by a case.
  const app = db.prepare(
    `INSERT INTO kyc_applications (id, state, channel, submission, first_submitted_at, submitted_at, due_at, risk,
       name_masked, id_masked, card_masked, phone_masked, address_masked, content_sha256, sealed_application, version, updated_at)
     VALUES (?, ?, 'app', 1, '2026-10-01T09:00:00+08:00', '2026-10-01T09:00:00+08:00', '2026-10-03T18:00:00+08:00', 'low',
       '张*', '1101**', '6222**', '138****', '北京**', ?, x'00', 1, '2026-10-02T09:00:00+08:00')`,
  );
  app.run('A-0002', 'approved', 'h2');
  app.run('A-0001', 'approved', 'h1');
  app.run('A-0003', 'in_review', 'h3');
  db.prepare(
    `INSERT INTO support_cases (id, serial, merchant_id, symptom, accessories, state, received_at, received_by, due_at, updated_at)
     VALUES ('C1', 'PS1', 'M-DEMO-01', 'printer', '[]', 'received', ?, 'desk', ?, ?)`,
  ).run(nowIso, nowIso, nowIso);
  return { db, deps, setNow: (iso: string) => (now = parseShanghaiTime(iso)), audit };
}

describe('announcing a rate change', () => {
  it('shows the pending version: what changes, the merchants it reaches, the notice, and the 30-day rule met', () => {
    const { deps } = setup('2026-11-10T09:00:00+08:00');
    const view = rateAnnouncements(deps);
    expect(view.versions.map((v) => v.id)).toEqual([VERSION]);
    const [v] = view.versions;
    expect(v).toMatchObject({
      effectiveAt: '2026-12-15T00:00:00+08:00',
      announceBy: '2026-11-15T00:00:00+08:00',
      ruleMet: true,
      earliestEffectiveDate: null,
      body: '【POS】费率将于 2026-12-15 起调整（版本 2026-12-credit-0.65），详情见商户 App。',
      changes: [
        {
          channel: 'credit',
          from: { percent: '0.6%', fixedFen: 300 },
          to: { percent: '0.65%', fixedFen: 300 },
        },
      ],
    });
    expect(v!.merchants).toEqual([
      { merchantId: 'A-0001', sources: ['application'], notice: null },
      { merchantId: 'A-0002', sources: ['application'], notice: null },
      { merchantId: 'M-DEMO-01', sources: ['case'], notice: null },
    ]);
  });

  it('at 00:00:01 Shanghai on the last day it is refused, naming the earliest allowed effective date', () => {
    const edge = setup('2026-11-15T00:00:00+08:00');
    expect(rateAnnouncements(edge.deps).versions[0]).toMatchObject({ ruleMet: true });
    edge.setNow('2026-11-15T00:00:01+08:00');
    expect(rateAnnouncements(edge.deps).versions[0]).toMatchObject({
      ruleMet: false,
      earliestEffectiveDate: '2026-12-16',
    });
    expect(() => announceRateChange(edge.deps, VERSION, lead)).toThrow(/had to be told by/);
    expect(rateAnnouncements(edge.deps).versions[0]!.merchants.every((m) => m.notice === null)).toBe(true);
    // Just before a Shanghai midnight, 30 days later is that midnight itself: earliest is that day.
    edge.setNow('2026-11-19T00:00:00+08:00');
    expect(rateAnnouncements(edge.deps).versions[0]).toMatchObject({ earliestEffectiveDate: '2026-12-19' });
    edge.setNow('2026-11-18T23:59:59+08:00');
    expect(rateAnnouncements(edge.deps).versions[0]).toMatchObject({ earliestEffectiveDate: '2026-12-19' });
  });

  it('announcing twice notifies no merchant twice; a merchant added since is told on the second', async () => {
    const { db, deps } = setup('2026-11-10T09:00:00+08:00');
    expect(announceRateChange(deps, VERSION, lead)).toMatchObject({
      queued: ['A-0001', 'A-0002', 'M-DEMO-01'],
      alreadyNotified: [],
    });
    switchSettlement(
      deps,
      { merchantId: 'M-NEW', mode: 'instant', reason: 'merchant asked on the phone' },
      lead,
    );
    const again = announceRateChange(deps, VERSION, lead);
    expect(again).toMatchObject({ queued: ['M-NEW'], alreadyNotified: ['A-0001', 'A-0002', 'M-DEMO-01'] });
    expect(db.prepare("SELECT count(*) AS n FROM notice_outbox WHERE kind = 'rate_change'").get()).toEqual({
      n: 4,
    });
    expect(
      db.prepare("SELECT actor, subject FROM audit_log WHERE action = 'fees.rate_change.notified'").all(),
    ).toEqual([
      { actor: 'lead', subject: `fee_schedule:${VERSION}` },
      { actor: 'lead', subject: `fee_schedule:${VERSION}` },
    ]);
    expect(again.versions[0]!.merchants.map((m) => m.notice?.state)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);

    // The gateway fails once for one merchant: that one shows retrying, the rest sent.
    const delivered: string[] = [];
    await deliverDueNotices(
      db,
      {
        deliver: async (n) => {
          if (n.merchantId === 'A-0002' && !delivered.includes('fail')) {
            delivered.push('fail');
            throw new Error('gateway down');
          }
          delivered.push(n.key);
        },
      },
      deps.clock,
    );
    const after = rateAnnouncements(deps).versions[0]!.merchants;
    expect(after.map((m) => [m.merchantId, m.notice?.state, m.notice?.lastError ?? null])).toEqual([
      ['A-0001', 'sent', null],
      ['A-0002', 'retrying', 'gateway down'],
      ['M-DEMO-01', 'sent', null],
      ['M-NEW', 'sent', null],
    ]);
    expect(delivered.filter((k) => k.startsWith('rate_change:'))).toHaveLength(3);
  });
});
