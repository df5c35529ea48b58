import { describe, expect, it } from 'vitest';
import { firstMonthFromLedger, idleFromLedger } from '../../../electron/services/support/ledger-months';
import { shippedBook } from '../fees/fixtures';

const book = shippedBook();
const ledger = (...rows: string[]) => ['time,merchant,channel,amount,serial', ...rows].join('\n');

describe('device-price waiver from a ledger', () => {
  it('is met when the first calendar month reaches 1,000 yuan', () => {
    const csv = ledger(
      '2026-09-10T10:00:00+08:00,A,credit,100.00,S1',
      '2026-09-30T23:59:00+08:00,A,credit,900.00,S1',
      '2026-10-01T00:01:00+08:00,A,credit,5000.00,S1',
    );
    expect(firstMonthFromLedger(book, csv, 'A')).toMatchObject({
      month: '2026-09',
      volumeFen: 100_000,
      waived: true,
    });
  });

  it('is not met one fen short, and later months do not count', () => {
    const csv = ledger(
      '2026-09-10T10:00:00+08:00,A,credit,999.99,S1',
      '2026-10-01T09:00:00+08:00,A,credit,5000.00,S1',
    );
    expect(firstMonthFromLedger(book, csv, 'A')).toMatchObject({ volumeFen: 99_999, waived: false });
  });

  it('rows the limits refused took no money and do not count', () => {
    // 6,000 on a skipped questionnaire is refused (5,000 cap).
    const csv = [
      'time,merchant,channel,amount,questionnaire',
      '2026-09-10T10:00:00+08:00,A,credit,100.00,skipped',
      '2026-09-11T10:00:00+08:00,A,credit,6000.00,skipped',
    ].join('\n');
    expect(firstMonthFromLedger(book, csv, 'A')).toMatchObject({ volumeFen: 10_000, waived: false });
  });

  it('limits are judged in the order the transactions happened, not the order the ledger lists them', () => {
    // Class II, 10,000 a day: the 08:00 sale of 8,000 was taken, the later 3,000 was refused.
    const rows = [
      '2026-09-10T10:00:00+08:00,A,credit,3000.00,II',
      '2026-09-10T08:00:00+08:00,A,credit,8000.00,II',
    ];
    const csv = (lines: string[]) => ['time,merchant,channel,amount,account_class', ...lines].join('\n');
    const shuffled = firstMonthFromLedger(book, csv(rows), 'A');
    expect(shuffled).toMatchObject({ volumeFen: 800_000, firstTransactionAt: '2026-09-10T08:00:00+08:00' });
    expect(shuffled.volumeFen).toBe(firstMonthFromLedger(book, csv([...rows].reverse()), 'A').volumeFen);
  });

  it('names a merchant the ledger does not hold', () => {
    expect(() =>
      firstMonthFromLedger(book, ledger('2026-09-10T10:00:00+08:00,A,credit,1.00,S1'), 'B'),
    ).toThrow(/merchant 'B'/);
  });
});

describe('idle units from a ledger', () => {
  const csv = ledger(
    '2026-09-05T10:00:00+08:00,A,credit,10.00,S1',
    '2026-09-06T10:00:00+08:00,A,credit,10.00,S2',
    '2026-10-31T23:59:59+08:00,A,credit,10.00,S2',
    '2026-09-07T10:00:00+08:00,B,debit,10.00,S3',
    '2026-11-01T00:00:00+08:00,B,debit,10.00,S3',
    '2026-10-15T10:00:00+08:00,C,qr,10.00,S4',
  );

  it('lists each unit with no transaction in the calendar month that traded before it', () => {
    const report = idleFromLedger(book, csv, '2026-10');
    expect(report.idle.map((e) => [e.merchantId, e.serial])).toEqual([
      ['A', 'S1'],
      ['B', 'S3'],
    ]);
    expect(report.idle[1]!.lastTransactionAt).toBe('2026-09-07T10:00:00+08:00');
  });

  it('a unit that first trades after the month is not idle in it; the month edge is Shanghai midnight', () => {
    expect(idleFromLedger(book, csv, '2026-09').idle).toEqual([]);
    expect(idleFromLedger(book, csv, '2026-11').idle.map((e) => e.serial)).toEqual(['S1', 'S4', 'S2']);
  });

  it('without a serial column the merchant is judged as a whole', () => {
    const plain = ['time,merchant,channel,amount', '2026-09-05T10:00:00+08:00,A,credit,10.00'].join('\n');
    expect(idleFromLedger(book, plain, '2026-10').idle).toEqual([
      { merchantId: 'A', serial: null, lastTransactionAt: '2026-09-05T10:00:00+08:00' },
    ]);
    expect(() => idleFromLedger(book, plain, '2026-13')).toThrow(/month/);
  });
});
