import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../electron/contract/domain/errors';
import { explainLedgerText } from '../../../electron/services/support/money-explain';
import { settlementOf, switchSettlement } from '../../../electron/services/support/settlement-mode';
import { supportFixture, support1, support2, type SupportFixture } from './fixture';

const deps = (f: SupportFixture) => ({ db: f.db, audit: f.audit, clock: f.service.clock });

const switches = (f: SupportFixture) =>
  (
    f.db
      .prepare(
        "SELECT actor, subject, details FROM audit_log WHERE action = 'support.settlement.switched' ORDER BY seq",
      )
      .all() as { actor: string; subject: string; details: string }[]
  ).map((a) => ({ actor: a.actor, subject: a.subject, details: JSON.parse(a.details) as unknown }));

describe('instant settlement (秒到) is a support action', () => {
  it('T+1 until switched; each switch records who, when, why, from and to', () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    expect(settlementOf(f.db, 'M1')).toEqual({
      merchantId: 'M1',
      mode: 't1',
      changedAt: null,
      changedBy: null,
      reason: null,
    });
    const on = switchSettlement(
      deps(f),
      { merchantId: 'M1', mode: 'instant', reason: '商户来电申请秒到' },
      support1,
    );
    expect(on).toEqual({
      merchantId: 'M1',
      mode: 'instant',
      changedAt: '2026-11-25T10:00:00.000+08:00',
      changedBy: 'support1',
      reason: '商户来电申请秒到',
    });
    f.setNow('2026-11-26T09:00:00+08:00');
    const off = switchSettlement(
      deps(f),
      { merchantId: 'M1', mode: 't1', reason: '风控要求恢复 T+1' },
      support2,
    );
    expect(off).toMatchObject({
      mode: 't1',
      changedBy: 'support2',
      changedAt: '2026-11-26T09:00:00.000+08:00',
    });
    expect(switches(f)).toEqual([
      {
        actor: 'support1',
        subject: 'merchant:M1',
        details: { merchantId: 'M1', from: 't1', to: 'instant', reason: '商户来电申请秒到' },
      },
      {
        actor: 'support2',
        subject: 'merchant:M1',
        details: { merchantId: 'M1', from: 'instant', to: 't1', reason: '风控要求恢复 T+1' },
      },
    ]);
  });

  it('refuses a switch without a reason, to the mode already set, or without a merchant; nothing is written', () => {
    const f = supportFixture();
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return { field: (error as DomainError).field, refusal: (error as DomainError).refusal };
      }
      throw new Error('not refused');
    };
    expect(
      refusal(() =>
        switchSettlement(deps(f), { merchantId: 'M1', mode: 'instant', reason: ' 急 ' }, support1),
      ),
    ).toEqual({ field: 'reason', refusal: 'bad_value' });
    expect(
      refusal(() =>
        switchSettlement(deps(f), { merchantId: 'M1', mode: 't1', reason: '商户要求 T+1' }, support1),
      ),
    ).toEqual({ field: 'mode', refusal: 'wrong_state' });
    expect(
      refusal(() =>
        switchSettlement(deps(f), { merchantId: '  ', mode: 'instant', reason: '商户来电申请' }, support1),
      ),
    ).toEqual({ field: 'merchantId', refusal: 'bad_value' });
    expect(settlementOf(f.db, 'M1').mode).toBe('t1');
    expect(switches(f)).toEqual([]);
  });

  it("the money explanation settles rows without a settlement cell in the merchant's current mode", () => {
    const f = supportFixture('2026-11-25T10:00:00+08:00');
    const csv = [
      'time,merchant,channel,amount,settlement,first',
      // The first transaction is always T+1, whatever the mode.
      '2026-11-24T09:00:00+08:00,M1,credit,100.00,,yes',
      '2026-11-24T09:10:00+08:00,M1,credit,100.00,,',
      // A row that states its mode keeps it (it records what was in force then).
      '2026-11-24T09:20:00+08:00,M1,credit,100.00,t1,',
      '2026-11-24T09:30:00+08:00,M2,credit,100.00,,',
    ].join('\n');
    const modeOf = (m: string) => settlementOf(f.db, m).mode;
    const modes = () =>
      explainLedgerText(f.service.fees, csv, undefined, modeOf).rows.map((r) => [
        r.merchant,
        r.settlement!.mode,
        r.settlement!.at,
      ]);
    expect(modes()).toEqual([
      ['M1', 't1', '2026-11-25T10:00:00+08:00'],
      ['M1', 't1', '2026-11-25T10:00:00+08:00'],
      ['M1', 't1', '2026-11-25T10:00:00+08:00'],
      ['M2', 't1', '2026-11-25T10:00:00+08:00'],
    ]);
    switchSettlement(deps(f), { merchantId: 'M1', mode: 'instant', reason: '商户来电申请秒到' }, support1);
    expect(modes()).toEqual([
      ['M1', 't1', '2026-11-25T10:00:00+08:00'],
      ['M1', 'instant', '2026-11-24T09:12:00+08:00'],
      ['M1', 't1', '2026-11-25T10:00:00+08:00'],
      ['M2', 't1', '2026-11-25T10:00:00+08:00'],
    ]);
  });
});
