import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CalendarRangeError } from '../calendar/working-day-calendar';
import type { SupportService } from './service';
import { DEMO_ACTOR } from './demo-actor';

/**
 * Demo mode's after-sales work, seeded once on a fresh data directory: returned units in several
 * states (the serials are units shipped from another station, so this station's registry does not
 * know them — the case page says so), and the ledger of a merchant who called because money had
 * not arrived and a fee looked wrong.
 */
export const DEMO_LEDGER_FILE = join('demo', 'support-merchant-ledger.csv');
const SEEDED_KEY = 'support.demo_seeded';

/**
 * Merchant M-DEMO-01 ("my money has not arrived"; "the fee is wrong"): a class-II settlement card,
 * the risk questionnaire skipped, a sale on the eve of National Day, a Friday sale paid on the swapped
 * working Saturday, and one fee charged at 0.65% before that rate took effect. The settlement cells
 * are empty: the rows settle in the merchant's current mode, so switching 秒到 on shows its effect.
 */
export const DEMO_LEDGER = [
  'time,merchant,channel,amount,account_class,questionnaire,fee,settlement,first,serial',
  '2026-09-28T11:02:00+08:00,M-DEMO-01,credit,100.00,II,skipped,3.60,,yes,PSM1R0000101',
  '2026-09-30T15:20:00+08:00,M-DEMO-01,credit,2000.00,II,skipped,15.00,,,PSM1R0000101',
  '2026-10-09T12:10:00+08:00,M-DEMO-01,qr:wechat,380.00,II,skipped,1.44,,,PSM1R0000101',
  '2026-11-20T09:15:00+08:00,M-DEMO-01,credit,6000.00,II,skipped,,,,PSM1R0000101',
  '2026-11-20T10:30:00+08:00,M-DEMO-01,credit,100.00,II,skipped,3.65,,,PSM1R0000101',
  '2026-11-23T09:00:00+08:00,M-DEMO-01,credit,4800.00,II,skipped,31.80,,,PSM1R0000101',
  '2026-11-23T14:00:00+08:00,M-DEMO-01,debit,4500.00,II,skipped,20.00,,,PSM1R0000101',
  '2026-11-23T16:40:00+08:00,M-DEMO-01,credit,1200.00,II,skipped,,,,PSM1R0000101',
  '2026-09-05T10:00:00+08:00,M-DEMO-02,debit,300.00,I,answered,1.50,,yes,PSM1R0000102',
  '2026-09-18T10:00:00+08:00,M-DEMO-02,debit,150.00,I,answered,0.75,,,PSM1R0000102',
  '',
].join('\n');

/** Seeds once; returns why it could not (a demo date past the working-day calendar), or null. */
export function seedDemoSupport(support: SupportService, dataDir: string): string | null {
  const { db } = support;
  if (db.prepare('SELECT value FROM station_settings WHERE key = ?').pluck().get(SEEDED_KEY) !== undefined)
    return null;
  try {
    // All or nothing: a half-seeded demo would be seeded again on top of itself.
    db.transaction(() => seed(support, dataDir))();
    return null;
  } catch (error) {
    if (error instanceof CalendarRangeError) return error.message;
    throw error;
  }
}

function seed(support: SupportService, dataDir: string): void {
  const { db, cases } = support;
  const file = join(dataDir, DEMO_LEDGER_FILE);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, DEMO_LEDGER);

  const deadReader = cases.intake(
    {
      scanned: 'PSM1R0000101',
      merchantId: 'M-DEMO-01',
      merchantPhone: '13812345678',
      courierNumber: 'SF1402268856321',
      symptom: 'card_reader',
      accessories: ['charger', 'cable'],
      note: '商户说刷卡没反应，插卡提示读卡失败',
    },
    DEMO_ACTOR,
  );
  cases.move(deadReader.id, 'diagnosing', '读卡头无响应', DEMO_ACTOR);

  const wet = cases.intake(
    {
      scanned: 'PSM1R0000103',
      merchantId: 'M-DEMO-03',
      merchantPhone: '13900001111',
      courierNumber: 'YT7788990011',
      symptom: 'dropped_or_wet',
      accessories: ['charger'],
      note: '雨天摆摊进水，无法开机',
    },
    DEMO_ACTOR,
  );
  cases.move(wet.id, 'diagnosing', undefined, DEMO_ACTOR);
  cases.move(wet.id, 'awaiting_decision', '主板进水腐蚀，属人为损坏；已电话告知维修费', DEMO_ACTOR);

  const cancelled = cases.intake(
    {
      scanned: 'PSM1R0000102',
      merchantId: 'M-DEMO-02',
      courierNumber: 'JD0012345678',
      symptom: 'merchant_cancels',
      accessories: ['charger', 'cable', 'box', 'manual'],
    },
    DEMO_ACTOR,
  );
  cases.move(cancelled.id, 'diagnosing', undefined, DEMO_ACTOR);
  cases.move(cancelled.id, 'awaiting_decision', undefined, DEMO_ACTOR);
  cases.decide(cancelled.id, 'refurbish', 'none', '商户不再使用，机器完好', DEMO_ACTOR);

  cases.intake(
    { scanned: 'PSM1R0000104', merchantPhone: '13700002222', symptom: 'lost_then_found', accessories: [] },
    DEMO_ACTOR,
  );

  db.prepare('INSERT INTO station_settings (key, value) VALUES (?, ?)').run(SEEDED_KEY, cases.now());
}
