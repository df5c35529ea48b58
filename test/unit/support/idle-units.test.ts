import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../electron/contract/domain/errors';
import { createDiagnosisStore } from '../../../electron/services/support/diagnosis/diagnosis-store';
import { buildReport } from '../../../electron/services/support/diagnosis/report';
import { listIdle, remindIdle } from '../../../electron/services/support/idle-units';
import { noticesFor } from '../../../electron/services/notices/notice-outbox';
import type { JournalEntry } from '../../../native/protocol/diagnosis-messages';
import { healthyReading } from './diagnosis/reading-fixture';
import { supportFixture, support1, support2, type SupportFixture } from './fixture';

const LEDGER = [
  'time,merchant,channel,amount,serial',
  // A: traded in September, silent in October: idle in October.
  '2026-09-05T10:00:00+08:00,A,credit,10.00,S1',
  // B: traded on the last second of September and the first of November: idle in October.
  '2026-09-30T23:59:59+08:00,B,credit,10.00,S2',
  '2026-11-01T00:00:00+08:00,B,credit,10.00,S2',
  // C: traded at the first second of October: not idle.
  '2026-09-10T10:00:00+08:00,C,credit,10.00,S3',
  '2026-10-01T00:00:00+08:00,C,credit,10.00,S3',
].join('\n');

let readings = 0;
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

function sale(index: number, iso: string, result: JournalEntry['result'] = 'approved'): JournalEntry {
  return {
    index,
    time: unix(iso),
    channel: 'credit',
    amountFen: 10_000,
    feeFen: 360,
    settlement: 't1',
    result,
  };
}

/** A returned unit's journal read at the counter on `readAt`, kept in its diagnosis report. */
function diagnosed(
  f: SupportFixture,
  serial: string,
  journal: JournalEntry[],
  readAt: string,
  caseId: string | null = null,
) {
  const base = healthyReading({ journal });
  const reading = {
    ...base,
    identity: { ...base.identity, serial, boundApplicationId: `APP-${serial}` },
    verdict: { ...base.verdict, serial },
  };
  const ms = Date.parse(readAt);
  createDiagnosisStore(f.db, f.audit).record(
    buildReport(reading, {
      id: `diagnosis${'abcdefghij'[++readings]!}`.padEnd(32, 'x'),
      caseId,
      expectedSerial: serial,
      shippedApplicationId: null,
      symptom: null,
      port: 'sim',
      operator: 'support1',
      stationId: 'ST-1',
      startedMs: ms - 1000,
      finishedMs: ms,
    }),
  );
}

const deps = (f: SupportFixture) => ({
  db: f.db,
  audit: f.audit,
  clock: f.service.clock,
  book: f.service.fees.book,
});

describe('idle units: ledger and counter journals', () => {
  it('lists ledger units idle in the Shanghai calendar month; the month edges are midnight +08:00', () => {
    const f = supportFixture();
    const list = listIdle(deps(f), '2026-10', LEDGER);
    expect(list.idle.map((u) => [u.merchantId, u.serial, u.source])).toEqual([
      ['A', 'S1', 'ledger'],
      ['B', 'S2', 'ledger'],
    ]);
    expect(list.merchants).toBe(3);
  });

  it('reads the journals of units diagnosed at the counter, judging only those read once the month began', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    // Traded in October, nothing in November, read on 25 November: idle in November.
    diagnosed(
      f,
      'PSM1R0000201',
      [sale(0, '2026-10-20T09:00:00+08:00'), sale(1, '2026-11-03T09:00:00+08:00', 'declined')],
      '2026-11-25T09:00:00+08:00',
    );
    // Traded on 1 November at midnight: not idle.
    diagnosed(
      f,
      'PSM1R0000202',
      [sale(0, '2026-10-20T09:00:00+08:00'), sale(1, '2026-11-01T00:00:00+08:00')],
      '2026-11-25T09:00:00+08:00',
    );
    // Read in October: says nothing about November.
    diagnosed(f, 'PSM1R0000203', [sale(0, '2026-09-20T09:00:00+08:00')], '2026-10-31T23:59:59+08:00');
    const list = listIdle(deps(f), '2026-11');
    expect(list.journalsRead).toBe(2);
    expect(list.idle).toEqual([
      {
        merchantId: 'APP-PSM1R0000201',
        serial: 'PSM1R0000201',
        lastTransactionAt: '2026-10-20T09:00:00+08:00',
        source: 'journal',
      },
    ]);
  });

  it("a unit's latest journal decides: a later reading that shows a sale makes it not idle", () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    const october = sale(0, '2026-10-20T09:00:00+08:00');
    diagnosed(f, 'PSM1R0000201', [october], '2026-11-10T09:00:00+08:00');
    expect(listIdle(deps(f), '2026-11').idle).toHaveLength(1);
    diagnosed(
      f,
      'PSM1R0000201',
      [october, sale(1, '2026-11-20T09:00:00+08:00')],
      '2026-11-24T09:00:00+08:00',
    );
    expect(listIdle(deps(f), '2026-11').idle).toEqual([]);
  });

  it('refuses a month that has not begun', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    expect(() => listIdle(deps(f), '2026-12', LEDGER)).toThrow(DomainError);
    expect(() => listIdle(deps(f), '2026-12', LEDGER)).toThrow(/2026-12 has not begun/);
  });
});

describe('idle reminders through the notice outbox', () => {
  it('queues one reminder per idle merchant with the audit record; never twice for the same month', () => {
    const f = supportFixture();
    const first = remindIdle(deps(f), '2026-10', LEDGER, support1);
    expect(first.queued).toEqual(['A', 'B']);
    expect(first.alreadyReminded).toEqual([]);
    const notices = noticesFor(f.db, 'idle_reminder', '2026-10');
    expect(notices.map((n) => [n.merchantId, n.subject, n.createdBy])).toEqual([
      ['A', 'S1', 'support1'],
      ['B', 'S2', 'support1'],
    ]);
    expect(notices[0]!.body).toBe(
      '【POS】商户 A：您的 POS 终端（S1）在 2026-10 没有交易。终端每个自然月至少使用一次，否则会被标记为闲置。',
    );
    const again = remindIdle(deps(f), '2026-10', LEDGER, support2);
    expect(again.queued).toEqual([]);
    expect(again.alreadyReminded).toEqual(['A', 'B']);
    expect(noticesFor(f.db, 'idle_reminder', '2026-10')).toHaveLength(2);
    expect(again.list.reminders.map((r) => r.createdBy)).toEqual(['support1', 'support1']);
    const audit = f.db
      .prepare("SELECT actor, details FROM audit_log WHERE action = 'support.idle.reminded' ORDER BY seq")
      .all() as { actor: string; details: string }[];
    expect(audit.map((a) => [a.actor, JSON.parse(a.details) as unknown])).toEqual([
      ['support1', { month: '2026-10', queued: ['A', 'B'], alreadyReminded: [] }],
      ['support2', { month: '2026-10', queued: [], alreadyReminded: ['A', 'B'] }],
    ]);
  });

  it('a merchant with two idle units gets one reminder naming both', () => {
    const f = supportFixture();
    const ledger = [LEDGER, '2026-09-06T10:00:00+08:00,A,credit,10.00,S9'].join('\n');
    remindIdle(deps(f), '2026-10', ledger, support1);
    const [a] = noticesFor(f.db, 'idle_reminder', '2026-10');
    expect(a).toMatchObject({ merchantId: 'A', subject: 'S1,S9' });
    expect(a!.body).toContain('（S1、S9）');
  });

  it('nothing idle: refused, and nothing written', () => {
    const f = supportFixture();
    expect(() => remindIdle(deps(f), '2026-09', LEDGER, support1)).toThrow(/No idle merchant/);
    expect(noticesFor(f.db, 'idle_reminder', '2026-09')).toEqual([]);
    expect(
      f.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'support.idle.reminded'").get(),
    ).toEqual({ n: 0 });
  });
});
