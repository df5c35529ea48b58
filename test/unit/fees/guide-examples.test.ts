import { chineseWorkingDays } from '../../../electron/services/calendar/chinese-days';
import { quote, type QuoteRequest } from '../../../electron/services/fees/quote';
import { at, shippedBook } from './fixtures';

const book = shippedBook();
const base: QuoteRequest = {
  channel: 'credit',
  amountFen: 10_000,
  atMs: at('2026-11-25T14:00:00+08:00'),
  instantEnabled: false,
  firstTransaction: false,
  questionnaireSkipped: false,
  accountClass: 'I',
};
const q = (over: Partial<QuoteRequest>) => quote(book, chineseWorkingDays(), { ...base, ...over });

describe("the merchant guide's worked examples", () => {
  it('first test transaction: 100 yuan on a credit card costs 100 × 0.6% + 3 = 3.60 yuan', () => {
    const result = q({ channel: 'credit', amountFen: 10_000 });
    expect(result.feeFen).toBe(360);
    expect(result.netFen).toBe(9_640);
    expect(result.percentagePartFen).toBe(60);
    expect(result.fixedPartFen).toBe(300);
    expect(result.scheduleVersion).toBe('2025-baseline');
    expect(result.flagged).toBe(false);
  });

  it('debit 50,000 yuan: 0.5% would be 250 yuan, capped at 20 yuan', () => {
    const result = q({ channel: 'debit', amountFen: 5_000_000 });
    expect(result.feeFen).toBe(2_000);
    expect(result.capped).toBe(true);
  });

  it('debit just under the cap threshold (4,000 yuan → exactly 20 yuan) is not reported as capped', () => {
    expect(q({ channel: 'debit', amountFen: 400_000 })).toMatchObject({ feeFen: 2_000, capped: false });
    // 3,999 yuan × 0.5% = 19.995 → half-up 20.00; 3,998 yuan → 19.99.
    expect(q({ channel: 'debit', amountFen: 399_900 })).toMatchObject({ feeFen: 2_000, capped: false });
    expect(q({ channel: 'debit', amountFen: 399_800 })).toMatchObject({ feeFen: 1_999, capped: false });
  });

  it('after the announced change (from 2026-12-15) credit costs 0.65% + 3: 100 yuan → 3.65 yuan', () => {
    const before = q({ atMs: at('2026-12-14T23:59:59+08:00') });
    const after = q({ atMs: at('2026-12-15T00:00:00+08:00') });
    expect(before).toMatchObject({ feeFen: 360, scheduleVersion: '2025-baseline' });
    expect(after).toMatchObject({ feeFen: 365, scheduleVersion: '2026-12-credit-0.65' });
  });

  it('flags a fee at or above the amount (a 3-yuan credit sale costs more than it brings)', () => {
    expect(q({ amountFen: 300 })).toMatchObject({ feeFen: 302, netFen: -2, flagged: true });
    expect(q({ amountFen: 1_000 })).toMatchObject({ feeFen: 306, flagged: false });
  });

  it('QR rate comes from the schedule (0.38%), whatever the wallet', () => {
    expect(q({ channel: 'qr', amountFen: 10_000 }).feeFen).toBe(38);
    expect(q({ channel: 'qr', qrSubChannel: 'alipay', amountFen: 10_000 })).toMatchObject({
      feeFen: 38,
      qrSubChannel: 'alipay',
    });
  });
});
