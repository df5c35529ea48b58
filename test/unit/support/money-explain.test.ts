import { describe, expect, it } from 'vitest';
import { explainLedgerText, type ExplainedRow } from '../../../electron/services/support/money-explain';
import { FeeInputError } from '../../../electron/services/fees/errors';
import { shippedService } from '../fees/fixtures';

const HEADER = 'time,merchant,channel,amount,account_class,questionnaire,fee,settlement,first';
const fees = shippedService();

function explain(lines: string[], merchant?: string) {
  return explainLedgerText(fees, [HEADER, ...lines].join('\n'), merchant);
}
const only = (lines: string[]): ExplainedRow => {
  const rows = explain(lines).rows;
  return rows.at(-1)!;
};

describe('money explanation: the guide example', () => {
  it('100 yuan on a credit card costs 100 × 0.6% + 3 = 3.60 and settles T+1 at 10:00 the next working day', () => {
    const r = only(['2026-11-24T09:00:00+08:00,M1,credit,100.00,I,answered,3.60,t1,yes']);
    expect(r.expectedFeeFen).toBe(360);
    expect(r.feeDifferenceFen).toBe(0);
    expect(r.ratePercent).toBe('0.6%');
    expect(r.settlement).toMatchObject({ mode: 't1', at: '2026-11-25T10:00:00+08:00', netFen: 9640 });
    expect(r.words.zh).toContain('手续费应为 3.60 元');
    expect(r.words.zh).toContain('首笔交易固定 T+1');
    expect(r.words.en).toContain('the fee should be 3.60 yuan');
  });
});

describe('money explanation: T+1 on the working-day calendar', () => {
  it('a sale on the eve of National Day settles on the first working day after the holiday', () => {
    const r = only(['2026-09-30T15:00:00+08:00,M1,credit,100.00,I,answered,,t1,']);
    expect(r.settlement?.at).toBe('2026-10-08T10:00:00+08:00');
    expect(r.settlement?.calendar?.skippedHolidays).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(r.settlement?.calendar?.skippedWeekendDays).toEqual(['2026-10-03', '2026-10-04']);
    expect(r.words.zh).toContain('法定节假日');
    expect(r.words.zh).toContain('2026-10-08（周四） 10:00 后到账');
  });

  it('a Friday sale settles on the swapped working Saturday, and says so', () => {
    const r = only(['2026-10-09T12:00:00+08:00,M1,debit,200.00,I,answered,,t1,']);
    expect(r.settlement?.at).toBe('2026-10-10T10:00:00+08:00');
    expect(r.settlement?.calendar?.settlesOnSwappedWorkday).toBe(true);
    expect(r.words.zh).toContain('调休上班');
    expect(r.words.en).toContain('swapped');
  });

  it('an ordinary Friday sale waits over the weekend', () => {
    const r = only(['2026-11-20T12:00:00+08:00,M1,debit,200.00,I,answered,,t1,']);
    expect(r.settlement?.at).toBe('2026-11-23T10:00:00+08:00');
    expect(r.settlement?.calendar).toMatchObject({
      skippedWeekendDays: ['2026-11-21', '2026-11-22'],
      settlesOnSwappedWorkday: false,
    });
  });

  it('instant settlement arrives within 2 minutes, except on the first transaction', () => {
    const rows = explain([
      '2026-11-20T12:00:00+08:00,M1,credit,100.00,I,answered,,instant,yes',
      '2026-11-20T12:05:00+08:00,M1,credit,100.00,I,answered,,instant,',
    ]).rows;
    expect(rows[0]!.settlement).toMatchObject({ mode: 't1', at: '2026-11-23T10:00:00+08:00' });
    expect(rows[1]!.settlement).toMatchObject({ mode: 'instant', at: '2026-11-20T12:07:00+08:00' });
    expect(rows[1]!.words.zh).toContain('秒到');
  });
});

describe('money explanation: caps and refusals', () => {
  it('a class-II card takes at most 10,000 yuan a day: the row past it is refused and named', () => {
    const result = explain([
      '2026-11-02T09:00:00+08:00,M2,credit,8000.00,II,answered,,t1,',
      '2026-11-02T10:00:00+08:00,M2,credit,3000.00,II,answered,,t1,',
      '2026-11-02T11:00:00+08:00,M2,qr,2000.00,II,answered,,t1,',
      '2026-11-03T09:00:00+08:00,M2,credit,3000.00,II,answered,,t1,',
    ]);
    const [first, second, third, nextDay] = result.rows;
    expect(first!.allowed).toBe(true);
    expect(second).toMatchObject({
      allowed: false,
      refusedBy: 'limit.class_ii.per_day',
      limitFen: 1_000_000,
      headroomFen: 200_000,
      settlement: null,
    });
    expect(second!.words.zh).toContain('二类账户');
    expect(second!.words.zh).toContain('当天已收 8000.00 元');
    // The refused row took nothing, so the 2,000 left still fits (across channels).
    expect(third!.allowed).toBe(true);
    expect(nextDay!.allowed).toBe(true);
    expect(result.merchants[0]).toMatchObject({ refusedRows: 1, takenFen: 1_300_000 });
  });

  it('the same amounts on a class-I card are all taken', () => {
    const rows = explain([
      '2026-11-02T09:00:00+08:00,M3,credit,8000.00,I,answered,,t1,',
      '2026-11-02T10:00:00+08:00,M3,credit,3000.00,I,answered,,t1,',
    ]).rows;
    expect(rows.every((r) => r.allowed)).toBe(true);
  });

  it('a skipped risk questionnaire caps one transaction at 5,000 yuan', () => {
    const rows = explain([
      '2026-11-02T09:00:00+08:00,M4,credit,5000.00,I,skipped,,t1,',
      '2026-11-02T10:00:00+08:00,M4,credit,5000.01,I,skipped,,t1,',
      '2026-11-02T11:00:00+08:00,M5,credit,5000.01,I,answered,,t1,',
    ]).rows;
    expect(rows[0]!.allowed).toBe(true);
    expect(rows[1]).toMatchObject({
      allowed: false,
      refusedBy: 'limit.questionnaire_skipped.per_transaction',
      limitFen: 500_000,
    });
    expect(rows[1]!.words.zh).toContain('风险问卷');
    expect(rows[2]!.allowed).toBe(true);
  });
});

describe('money explanation: limits in the order the transactions happened', () => {
  // Class II: 10,000 yuan a day across channels. Listed out of time order, with two rows at 10:00.
  const shuffled = [
    '2026-11-02T10:00:00+08:00,M7,credit,1500.00,II,answered,,t1,',
    '2026-11-02T10:00:00+08:00,M7,qr,1000.00,II,answered,,t1,',
    '2026-11-02T09:00:00+08:00,M7,credit,8000.00,II,answered,,t1,',
  ];
  const sorted = [shuffled[2]!, shuffled[0]!, shuffled[1]!];
  const verdicts = (lines: string[]) =>
    explain(lines)
      .rows.map((r) => ({
        at: r.at,
        channel: r.channel,
        amountFen: r.amountFen,
        allowed: r.allowed,
        refusedBy: r.refusedBy,
        headroomFen: r.headroomFen,
      }))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || a.amountFen - b.amountFen);

  it('a shuffled ledger gets the verdicts of the sorted one; same-time rows are judged in file order', () => {
    expect(verdicts(shuffled)).toEqual(verdicts(sorted));
    const rows = explain(shuffled).rows;
    // Still listed in file order.
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(rows.map((r) => r.allowed)).toEqual([true, false, true]);
    // 8,000 at 09:00 and 1,500 at 10:00 leave 500 for the QR row listed after it.
    expect(rows[1]).toMatchObject({ refusedBy: 'limit.class_ii.per_day', headroomFen: 50_000 });
    expect(explain(shuffled).merchants[0]).toMatchObject({ refusedRows: 1, takenFen: 950_000 });
  });
});

describe('money explanation: the fee is wrong', () => {
  const straddle = [
    '2026-12-14T23:59:00+08:00,M6,credit,1000.00,I,answered,9.50,t1,',
    '2026-12-15T00:01:00+08:00,M6,credit,1000.00,I,answered,9.50,t1,',
    '2026-12-15T00:02:00+08:00,M6,credit,100.00,I,answered,3.60,t1,',
  ];

  it('each fee is recomputed with the schedule version in force at its time (0.6% → 0.65% on 2026-12-15)', () => {
    const [before, after, after100] = explain(straddle).rows;
    expect(before).toMatchObject({
      scheduleVersion: '2025-baseline',
      ratePercent: '0.6%',
      expectedFeeFen: 900,
      feeDifferenceFen: 50,
    });
    expect(after).toMatchObject({
      scheduleVersion: '2026-12-credit-0.65',
      ratePercent: '0.65%',
      expectedFeeFen: 950,
      feeDifferenceFen: 0,
    });
    // 100 × 0.65% = 0.65, plus 3: 3.65; 3.60 was 5 fen too little.
    expect(after100).toMatchObject({ expectedFeeFen: 365, feeDifferenceFen: -5 });
    expect(before!.words.zh).toContain('多收 0.50 元');
    expect(after100!.words.zh).toContain('少收 0.05 元');
  });

  it('the merchant summary adds the differences up and names the versions', () => {
    const [summary] = explain(straddle).merchants;
    expect(summary).toMatchObject({
      rowsWithFeeDifference: 2,
      feeDifferenceFen: 45,
      chargedFeeFen: 2260,
      expectedFeeFen: 2215,
    });
    expect(summary!.words.zh).toContain('有 2 笔手续费与当时的费率不符');
    expect(summary!.words.zh).toContain('2025-baseline');
  });
});

describe('money explanation: input', () => {
  it('filters by merchant and refuses a merchant the ledger does not hold', () => {
    const lines = [
      '2026-11-02T09:00:00+08:00,A,credit,10.00,I,answered,,t1,',
      '2026-11-02T09:00:00+08:00,B,credit,10.00,I,answered,,t1,',
    ];
    expect(explain(lines, 'B').rows.map((r) => r.merchant)).toEqual(['B']);
    expect(() => explain(lines, 'C')).toThrow(/merchant 'C' has no row/);
  });

  it('a bad support column names the row and the field', () => {
    const bad = (line: string) => () => explain([line]);
    expect(bad('2026-11-02T09:00:00+08:00,A,credit,10.00,I,answered,abc,t1,')).toThrow(/row 2, field 'fee'/);
    expect(bad('2026-11-02T09:00:00+08:00,A,credit,10.00,I,answered,,fast,')).toThrow(
      /row 2, field 'settlement'/,
    );
    expect(bad('2026-11-02T09:00:00+08:00,A,credit,10.00,I,answered,,t1,maybe')).toThrow(FeeInputError);
  });

  it("the engine's unreadable rows are all listed first, then a bad support column", () => {
    const lines = [
      '2026-11-02T09:00:00+08:00,A,credit,10.00,I,answered,abc,t1,',
      'yesterday,A,credit,10.00,I,answered,,t1,',
      '2026-11-02T09:00:00+08:00,A,cash,10.00,I,answered,,t1,',
    ];
    expect(() => explain(lines)).toThrow(/row 3, field 'time'.*\(and 1 more bad row/);
    expect(() => explain(lines.slice(0, 1))).toThrow(/row 2, field 'fee'/);
  });

  it('the engine format alone (no support columns) is enough', () => {
    const result = explainLedgerText(
      fees,
      'time,merchant,channel,amount\n2026-11-24T09:00:00+08:00,M1,credit,100.00\n',
    );
    expect(result.rows[0]).toMatchObject({
      expectedFeeFen: 360,
      chargedFeeFen: null,
      feeDifferenceFen: null,
    });
  });
});

describe('money explanation: unkind clocks at the rate change and at midnight', () => {
  it('23:59:59 is priced at 0.6%, 00:00:00 Shanghai at 0.65% — however the offset is written', () => {
    const rows = explain([
      '2026-12-14T23:59:59+08:00,M7,credit,100.00,I,answered,3.60,t1,',
      '2026-12-15T00:00:00+08:00,M7,credit,100.00,I,answered,3.60,t1,',
      // The same two instants in UTC and without an offset (read as Shanghai time).
      '2026-12-14T15:59:59Z,M7,credit,100.00,I,answered,,t1,',
      '2026-12-14T16:00:00Z,M7,credit,100.00,I,answered,,t1,',
      '2026-12-14 23:59:59,M7,credit,100.00,I,answered,,t1,',
      '2026-12-15 00:00:00,M7,credit,100.00,I,answered,,t1,',
    ]).rows;
    expect(rows.map((r) => [r.at, r.scheduleVersion, r.expectedFeeFen])).toEqual([
      ['2026-12-14T23:59:59+08:00', '2025-baseline', 360],
      ['2026-12-15T00:00:00+08:00', '2026-12-credit-0.65', 365],
      ['2026-12-14T23:59:59+08:00', '2025-baseline', 360],
      ['2026-12-15T00:00:00+08:00', '2026-12-credit-0.65', 365],
      ['2026-12-14T23:59:59+08:00', '2025-baseline', 360],
      ['2026-12-15T00:00:00+08:00', '2026-12-credit-0.65', 365],
    ]);
    expect(rows[0]!.feeDifferenceFen).toBe(0);
    // Charged the old fee one second into the new version: 0.05 yuan too little.
    expect(rows[1]!.feeDifferenceFen).toBe(-5);
    expect(rows[1]!.words.zh).toContain('0.65%');
  });

  it("a sale at 23:59:59 on a Monday settles Tuesday; one second later it is Tuesday's sale and settles Wednesday", () => {
    const rows = explain([
      '2026-12-14T23:59:59+08:00,M8,debit,100.00,I,answered,,t1,',
      '2026-12-15T00:00:00+08:00,M8,debit,100.00,I,answered,,t1,',
    ]).rows;
    expect(rows.map((r) => r.settlement?.at)).toEqual([
      '2026-12-15T10:00:00+08:00',
      '2026-12-16T10:00:00+08:00',
    ]);
  });

  it('the eve of National Day at 23:59:59 and the holiday at 00:00:00 both settle after the holiday', () => {
    const rows = explain([
      '2026-09-30T23:59:59+08:00,M9,credit,100.00,I,answered,,t1,',
      '2026-10-01T00:00:00+08:00,M9,credit,100.00,I,answered,,t1,',
    ]).rows;
    expect(rows.map((r) => r.settlement?.at)).toEqual([
      '2026-10-08T10:00:00+08:00',
      '2026-10-08T10:00:00+08:00',
    ]);
    expect(rows[0]!.settlement?.calendar?.takenOnDayOff).toBe(false);
    expect(rows[1]!.settlement?.calendar?.takenOnDayOff).toBe(true);
  });

  it("the class-II day ends at Shanghai midnight: 23:59:59 and 00:00:00 fall on different days' 10,000 yuan", () => {
    const rows = explain([
      '2026-11-02T23:59:59+08:00,M10,credit,9000.00,II,answered,,t1,',
      '2026-11-03T00:00:00+08:00,M10,credit,9000.00,II,answered,,t1,',
      // 2026-11-03T00:00:01 Shanghai written in UTC: the same Shanghai day as the row above.
      '2026-11-02T16:00:01Z,M10,credit,1000.01,II,answered,,t1,',
    ]).rows;
    expect(rows.map((r) => r.allowed)).toEqual([true, true, false]);
    expect(rows[2]).toMatchObject({ refusedBy: 'limit.class_ii.per_day', headroomFen: 100_000 });
  });

  it('a refused row never settles and its money is not in the payouts', () => {
    const result = explain([
      '2026-11-02T09:00:00+08:00,M11,credit,6000.00,I,skipped,,t1,',
      '2026-11-02T10:00:00+08:00,M11,credit,100.00,I,skipped,,t1,',
    ]);
    expect(result.rows[0]).toMatchObject({ allowed: false, settlement: null });
    expect(result.merchants[0]!.payouts).toEqual([
      { at: '2026-11-03T10:00:00+08:00', mode: 't1', netFen: 10_000 - 360 },
    ]);
  });
});
