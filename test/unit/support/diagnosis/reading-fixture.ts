import type { UnitReading } from '../../../../electron/services/support/diagnosis/read-unit';
import type { JournalEntry } from '../../../../native/protocol/diagnosis-messages';
import { COMPONENTS } from '../../../../native/protocol/enums';

/** 2026-11-25T10:00+08:00, the e2e suite's day. */
export const NOW_MS = Date.parse('2026-11-25T02:00:00Z');

/** One approved credit sale a day for `days` days up to yesterday. */
export function dailyJournal(days: number, endDaysAgo = 1): JournalEntry[] {
  return Array.from({ length: days }, (_, i) => ({
    index: i,
    time: Math.floor(NOW_MS / 1000) - (endDaysAgo + days - 1 - i) * 86_400,
    channel: 'credit' as const,
    amountFen: 10_000,
    feeFen: 360,
    settlement: 't1' as const,
    result: 'approved' as const,
  }));
}

/** A healthy, genuine unit that traded daily for 60 days; tests change one thing at a time. */
export function healthyReading(change: Partial<UnitReading> = {}): UnitReading {
  const journal = change.journal ?? dailyJournal(60);
  const approved = journal.filter((e) => e.result === 'approved');
  return {
    identity: {
      model: 'PS-M1',
      hwRevision: 'B2',
      serial: 'PSM1R0000101',
      bootloaderVersion: '1.0.0',
      firmwareVersion: '1.2.0',
      securityCounter: 2,
      activeSlot: 'A',
      bootState: 'confirmed',
      mode: 'production',
      tamper: false,
      frozen: false,
      imei: '860000000000001',
      iccid: '8986040000000000001',
      simActivationDate: '2026-09-01',
      boundApplicationId: 'APP-1',
    },
    verdict: {
      genuine: true,
      code: 'genuine',
      maker: 'POS Station Test Manufacturer',
      reasons: [],
      serial: 'PSM1R0000101',
      keyFingerprint: 'ab',
      root: 'demo',
      checkedAt: new Date(NOW_MS).toISOString(),
    },
    counters: {
      boots: 70,
      transactions: approved.length,
      transactionAmountFen: approved.reduce((s, e) => s + e.amountFen, 0),
      firmwareUpdates: 1,
      rollbacks: 0,
      tamperEvents: 0,
      lastTransactionTime: approved.at(-1)?.time ?? 0,
    },
    logs: [
      {
        index: 0,
        time: Math.floor(NOW_MS / 1000) - 90 * 86_400,
        level: 'info',
        code: 0x100,
        message: 'factory',
      },
    ],
    logPages: 1,
    selfTest: {
      results: COMPONENTS.map((component) => ({ component, result: 'pass' as const, detail: '' })),
      rolledBack: false,
    },
    journal,
    journalPages: 1,
    facts: {
      batteryPercent: 82,
      batteryHealthPercent: 94,
      batteryCycles: 180,
      batteryMillivolts: 3950,
      batteryTemperatureC40: 67,
      charging: false,
      simState: 'ready',
      iccid: '8986040000000000001',
      operatorCode: '46000',
      operatorName: 'CHINA MOBILE',
      networkType: '4g',
      signalMinusDbm: 78,
      clockTime: Math.floor(NOW_MS / 1000),
      uptimeSeconds: 120,
    },
    linkBaud: 115200,
    ...change,
  };
}
