import {
  devicePriceWaived,
  firstMonthVolumeFen,
  isIdleInMonth,
  repairFeeFen,
  shanghaiMonthOf,
} from '../../../electron/services/fees/device-rules';
import { at, shippedBook } from './fixtures';

const inForce = shippedBook().inForceAt(at('2026-11-25T12:00:00+08:00'));

describe('device rules shared with provisioning and support', () => {
  it('reads the amounts from the shipped schedule in force: 100 yuan repair, 1,000 yuan first month', () => {
    expect(inForce.repairFeeFen).toBe(10_000);
    expect(inForce.devicePriceWaiverFen).toBe(100_000);
  });

  it('waives the device price when the first calendar month reaches 1,000 yuan', () => {
    expect(devicePriceWaived(inForce, 100_000)).toBe(true);
    expect(devicePriceWaived(inForce, 99_999)).toBe(false);
  });

  it('counts the Shanghai calendar month of activation only', () => {
    const activated = at('2026-03-20T10:00:00+08:00');
    const volume = firstMonthVolumeFen(activated, [
      { atMs: at('2026-03-20T11:00:00+08:00'), amountFen: 60_000 },
      { atMs: at('2026-03-31T23:59:00+08:00'), amountFen: 40_000 },
      { atMs: at('2026-04-01T00:00:00+08:00'), amountFen: 500_000 }, // next month
      { atMs: at('2026-03-31T16:30:00Z'), amountFen: 500_000 }, // 1 April 00:30 in Shanghai
    ]);
    expect(volume).toBe(100_000);
    expect(devicePriceWaived(inForce, volume)).toBe(true);
  });

  it('flags a device idle for a calendar month without a transaction', () => {
    const times = [at('2026-03-31T23:59:59+08:00'), at('2026-05-01T00:00:00+08:00')];
    expect(isIdleInMonth('2026-03', times)).toBe(false);
    expect(isIdleInMonth('2026-04', times)).toBe(true);
    expect(isIdleInMonth('2026-05', times)).toBe(false);
    expect(shanghaiMonthOf(at('2026-04-30T16:00:00Z'))).toBe('2026-05');
  });

  it('charges 100 yuan for repairs unless the damage is not the user’s fault', () => {
    expect(repairFeeFen(inForce, { userAtFault: true })).toBe(10_000);
    expect(repairFeeFen(inForce, { userAtFault: false })).toBe(0);
  });
});
