import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chineseWorkingDays } from '../../../electron/services/calendar/chinese-days';
import { bookFromFiles } from '../../../electron/services/fees/schedule-loader';
import { FeesService } from '../../../electron/services/fees/service';
import { firstMonthFromLedger } from '../../../electron/services/support/ledger-months';
import { SHIPPED_SCHEDULES } from '../fees/fixtures';
import { support1, supportFixture } from './fixture';

/**
 * The repair fee and the device-price threshold come from the schedule version in force when they
 * are applied: a later version that raises them changes decisions made after it takes effect only.
 */
const baseline = readFileSync(join(SHIPPED_SCHEDULES, '2025-baseline.json'), 'utf8');
const raised = JSON.stringify({
  ...JSON.parse(baseline),
  id: 'test-2027-device',
  announcedAt: '2026-11-01T00:00:00+08:00',
  effectiveAt: '2026-12-20T00:00:00+08:00',
  device: { repairFeeFen: 15_000, devicePriceWaiverFirstMonthFen: 200_000 },
});
const book = () =>
  bookFromFiles([
    { file: '2025-baseline.json', text: baseline },
    { file: 'raised.json', text: raised },
  ]);

function decidedCharge(decisionIso: string): number | null {
  const f = supportFixture(
    '2026-11-25T10:00:00+08:00',
    (now) => new FeesService(book(), chineseWorkingDays(), now),
  );
  f.register('PSM1A0000901');
  const c = f.service.cases.intake(
    { scanned: 'PSM1A0000901', symptom: 'dropped_or_wet', accessories: [] },
    support1,
  );
  f.service.cases.move(c.id, 'diagnosing', undefined, support1);
  f.service.cases.move(c.id, 'awaiting_decision', undefined, support1);
  f.setNow(decisionIso);
  return f.service.cases.decide(c.id, 'repair', 'user_damage', undefined, support1).chargeFen;
}

describe('device money rules read from the fee schedule in force', () => {
  it('charges the repair fee of the version in force at the decision, not a constant', () => {
    expect(decidedCharge('2026-12-19T23:59:00+08:00')).toBe(10_000);
    expect(decidedCharge('2026-12-20T00:00:00+08:00')).toBe(15_000);
  });

  it('judges the device-price waiver by the threshold in force at the first transaction', () => {
    const csv = (month: string) =>
      ['time,merchant,channel,amount', `${month}-21T10:00:00+08:00,A,credit,1500.00`].join('\n');
    expect(firstMonthFromLedger(book(), csv('2026-12'), 'A')).toMatchObject({
      thresholdFen: 200_000,
      waived: false,
    });
    expect(firstMonthFromLedger(book(), csv('2026-11'), 'A')).toMatchObject({
      thresholdFen: 100_000,
      waived: true,
    });
  });

  it('refuses a schedule file without its device block, naming the field', () => {
    const { device: _device, ...without } = JSON.parse(baseline) as Record<string, unknown>;
    expect(() => bookFromFiles([{ file: 'no-device.json', text: JSON.stringify(without) }])).toThrow(
      /device/,
    );
  });
});
