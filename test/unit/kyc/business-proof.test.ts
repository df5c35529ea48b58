import fc from 'fast-check';
import { checkQrRecords, QR_MIN_RECORDS } from '../../../electron/services/kyc/checks/qr-records-check';
import { checkBankStatement } from '../../../electron/services/kyc/checks/bank-statement-check';
import { checkStallCertificate } from '../../../electron/services/kyc/checks/stall-certificate-check';
import { addDays } from '../../../electron/services/kyc/checks/civil-date';
import { bankStatement } from '../../../electron/services/kyc/bundle/generator/proofs';
import { Random } from '../../../electron/services/kyc/bundle/generator/random';
import type { QrRecordsProof, StatementRow } from '../../../electron/contract/domain/kyc/application';
import { codes, dailyQrRecords, REVIEW_DATE, row, withBalances } from './fixtures';

const qr = (from: string, to: string, reviewDate = REVIEW_DATE) =>
  checkQrRecords(dailyQrRecords(from, to) as QrRecordsProof, reviewDate);

describe('QR records cover the last 3 months', () => {
  it('passes when the first record is exactly 3 months before the review date', () => {
    expect(codes(qr('2026-08-25', '2026-11-24'))).toEqual([
      'proof.qr.merchant_name.ok',
      'proof.qr.coverage.ok',
    ]);
  });

  it('fails when the records start one day later', () => {
    const findings = qr('2026-10-01', '2026-11-24');
    expect(codes(findings)).toEqual(['proof.qr.merchant_name.ok', 'proof.qr.coverage_short']);
    const finding = qr('2026-08-26', '2026-11-24').find((f) => f.code === 'proof.qr.coverage_short');
    expect(finding).toMatchObject({
      severity: 'error',
      evidence: { requiredFrom: '2026-08-25', earliest: '2026-08-26', missingDays: 1 },
    });
  });

  it('counts days in Asia/Shanghai: 16:30 UTC on the 24th is the 25th', () => {
    const proof = dailyQrRecords('2026-08-26', '2026-11-24') as QrRecordsProof;
    proof.records.unshift({ time: '2026-08-24T16:30:00Z', amountFen: 1000 });
    expect(codes(checkQrRecords(proof, REVIEW_DATE))).toContain('proof.qr.coverage.ok');
    // 16:30 UTC on the 25th is already the 26th in Shanghai: one day short.
    proof.records[0] = { time: '2026-08-25T16:30:00Z', amountFen: 1000 };
    expect(codes(checkQrRecords(proof, REVIEW_DATE))).toContain('proof.qr.coverage_short');
  });

  it('uses the month-end rule for the start (31 May − 3 months = 28 Feb)', () => {
    expect(codes(qr('2026-02-28', '2026-05-30', '2026-05-31'))).toContain('proof.qr.coverage.ok');
    expect(codes(qr('2026-03-01', '2026-05-30', '2026-05-31'))).toContain('proof.qr.coverage_short');
  });

  it('requires recent records, a merchant name, no long gap and enough payments', () => {
    expect(codes(qr('2026-08-01', addDays(REVIEW_DATE, -15)))).toContain('proof.qr.not_recent');
    const unnamed = { ...(dailyQrRecords('2026-08-01', '2026-11-24') as QrRecordsProof), merchantName: ' ' };
    expect(
      checkQrRecords(unnamed, REVIEW_DATE).find((f) => f.code === 'proof.qr.merchant_name_missing')?.severity,
    ).toBe('error');
    const gappy = dailyQrRecords('2026-08-01', '2026-11-24') as QrRecordsProof;
    gappy.records = gappy.records.filter((r) => r.time < '2026-09-10' || r.time > '2026-10-20');
    expect(checkQrRecords(gappy, REVIEW_DATE).find((f) => f.code === 'proof.qr.gap')?.evidence).toMatchObject(
      { days: 41 },
    );
    const sparse = dailyQrRecords('2026-08-01', '2026-11-24') as QrRecordsProof;
    sparse.records = sparse.records.filter((_, i) => i % 5 === 0);
    expect(sparse.records.length).toBeLessThan(QR_MIN_RECORDS);
    expect(codes(checkQrRecords(sparse, REVIEW_DATE))).toContain('proof.qr.few_records');
  });
});

/** Three small payments a day from distinct customers, May to the review date. */
function honestRows(from = '2026-05-20'): StatementRow[] {
  const rows: StatementRow[] = [];
  let n = 0;
  for (let d = from; d <= '2026-11-24'; d = addDays(d, 1)) {
    for (const hour of ['09', '13', '18'])
      rows.push(row(`${d} ${hour}:00:00`, 'in', 3000 + (n % 7) * 500, `顾客${(n += 1) % 20}`));
  }
  return rows;
}

const statement = (rows: StatementRow[], reviewDate = REVIEW_DATE) =>
  checkBankStatement({ type: 'bank_statement', documentId: 's', rows: withBalances(rows) }, reviewDate);

describe('bank statement', () => {
  it('passes an honest small-income statement, with a trace for each rule', () => {
    expect(codes(statement(honestRows()))).toEqual([
      'proof.statement.coverage.ok',
      'proof.statement.business_income.ok',
      'proof.statement.pass_through.none',
      'proof.statement.balance.ok',
    ]);
  });

  it('needs exactly 6 calendar months of rows', () => {
    expect(codes(statement(honestRows('2026-05-25')))).toContain('proof.statement.coverage.ok');
    expect(codes(statement(honestRows('2026-05-26')))).toContain('proof.statement.coverage_short');
  });

  it('flags a salary-only account as no business income', () => {
    const rows: StatementRow[] = [];
    for (let m = 5; m <= 11; m += 1)
      rows.push(row(`2026-${String(m).padStart(2, '0')}-10 09:00:00`, 'in', 800_000, '某公司'));
    rows.push(row('2026-11-20 09:00:00', 'out', 10_000, '超市'));
    expect(
      statement(rows).find((f) => f.code === 'proof.statement.business_income.insufficient')?.severity,
    ).toBe('error');
  });

  it('pairs money out within 30 minutes of money in at ±5%, at the boundaries', () => {
    const base = honestRows();
    const pair = (outTime: string, outFen: number) =>
      statement([
        ...base,
        row('2026-11-20 10:00:00', 'in', 10_000_000, '甲公司'),
        row(outTime, 'out', outFen, '乙'),
      ]).find((f) => f.code.startsWith('proof.statement.pass_through'));
    expect(pair('2026-11-20 10:30:00', 9_500_000)?.code).toBe('proof.statement.pass_through');
    expect(pair('2026-11-20 10:30:01', 9_500_000)?.code).toBe('proof.statement.pass_through.none');
    expect(pair('2026-11-20 10:10:00', 9_499_999)?.code).toBe('proof.statement.pass_through.none');
  });

  it('shows the flagged rows, counterparties masked, as evidence', () => {
    const rows = [
      ...honestRows(),
      row('2026-11-20 10:00:00', 'in', 10_000_000, '甲乙贸易公司'),
      row('2026-11-20 10:05:00', 'out', 9_990_000, '王大力'),
    ];
    const finding = statement(rows).find((f) => f.code === 'proof.statement.pass_through');
    const flagged = finding?.evidence['flaggedRows'] as {
      in: Record<string, unknown>;
      out: Record<string, unknown>;
    }[];
    expect(flagged).toHaveLength(1);
    expect(flagged[0]?.in).toMatchObject({
      direction: 'in',
      amountFen: 10_000_000,
      counterparty: '甲****司',
      row: rows.length - 1,
    });
    expect(flagged[0]?.out).toMatchObject({
      direction: 'out',
      amountFen: 9_990_000,
      counterparty: '王*力',
      row: rows.length,
    });
  });

  it('flags a balance that does not follow from the amounts', () => {
    const rows = withBalances(honestRows());
    rows[10] = { ...(rows[10] as StatementRow), balanceFen: (rows[10] as StatementRow).balanceFen + 100 };
    const finding = checkBankStatement({ type: 'bank_statement', documentId: 's', rows }, REVIEW_DATE).find(
      (f) => f.code === 'proof.statement.balance_inconsistent',
    );
    expect(finding?.evidence['rows']).toEqual([11, 12]);
  });

  const passThroughCode = (passThrough: boolean, seed: number) =>
    checkBankStatement(
      {
        type: 'bank_statement',
        documentId: 's',
        rows: bankStatement(new Random(seed), REVIEW_DATE, passThrough),
      },
      REVIEW_DATE,
    );

  it('property: generated honest statements are not flagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) =>
        passThroughCode(false, seed).every((f) => f.severity === 'info'),
      ),
      { numRuns: 25 },
    );
  });

  it('property: generated pass-through statements are flagged', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) =>
        codes(passThroughCode(true, seed)).includes('proof.statement.pass_through'),
      ),
      { numRuns: 25 },
    );
  });
});

describe('stall certificate', () => {
  const good = {
    type: 'stall_certificate' as const,
    issuer: '朝阳区农贸市场管理处',
    stamped: true,
    business: '水果摊',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    documentId: 'stall',
  };

  it('passes when stamped, naming issuer and business, valid on the review date (inclusive)', () => {
    expect(codes(checkStallCertificate(good, REVIEW_DATE))).toEqual(['proof.stall.ok']);
    expect(codes(checkStallCertificate(good, '2026-12-31'))).toEqual(['proof.stall.ok']);
    expect(codes(checkStallCertificate(good, '2026-01-01'))).toEqual(['proof.stall.ok']);
  });

  it('names every fault', () => {
    expect(
      codes(checkStallCertificate({ ...good, stamped: false, business: '', issuer: '' }, REVIEW_DATE)),
    ).toEqual(['proof.stall.not_stamped', 'proof.stall.issuer_missing', 'proof.stall.business_missing']);
    expect(codes(checkStallCertificate(good, '2027-01-01'))).toEqual(['proof.stall.not_valid']);
    expect(codes(checkStallCertificate({ ...good, validTo: '2025-12-31' }, REVIEW_DATE))).toEqual([
      'proof.stall.period_invalid',
    ]);
  });
});
