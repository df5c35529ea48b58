import { resolve } from 'node:path';
import { chineseWorkingDays } from '../../../electron/services/calendar/chinese-days';
import { parseShanghaiTime } from '../../../electron/services/calendar/shanghai-time';
import { FeesService } from '../../../electron/services/fees/service';
import { loadScheduleDir } from '../../../electron/services/fees/schedule-loader';

export const SHIPPED_SCHEDULES = resolve('resources/fee-schedules');

/** "Today" for these tests: the 0.65% credit change is announced and still pending. */
export const TODAY = parseShanghaiTime('2026-11-25T12:00:00+08:00');

export const at = (iso: string): number => {
  const ms = parseShanghaiTime(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test time ${iso}`);
  return ms;
};

export function shippedBook() {
  return loadScheduleDir(SHIPPED_SCHEDULES);
}

export function shippedService(now = TODAY): FeesService {
  return new FeesService(shippedBook(), chineseWorkingDays(), () => now);
}

/** A valid schedule file as an object, to be bent by a test. */
export function scheduleObject(): Record<string, unknown> & {
  rates: Record<string, Record<string, unknown>>;
  limits: Record<string, Record<string, unknown>>;
} {
  return {
    id: 'test-v1',
    announcedAt: '2025-01-01T00:00:00+08:00',
    effectiveAt: '2025-02-01T00:00:00+08:00',
    source: 'test',
    rates: {
      credit: { ppm: 6000, fixedFen: 300 },
      debit: { ppm: 5000, capFen: 2000 },
      qr: { ppm: 3800 },
    },
    limits: {
      credit: { perTransactionFen: 5_000_000, perDayFen: 30_000_000 },
      debit: {},
      qr: { perTransactionFen: 500_000, perDayFen: 5_000_000 },
      questionnaireSkipped: { perTransactionFen: 500_000 },
      classII: { perDayFen: 1_000_000, perYearFen: 20_000_000 },
    },
    device: { repairFeeFen: 10_000, devicePriceWaiverFirstMonthFen: 100_000 },
  };
}
