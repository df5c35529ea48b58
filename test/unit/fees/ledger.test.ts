import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { FeeInputError, LedgerRowsError } from '../../../electron/services/fees/errors';
import { checkLedgerFile, checkLedgerText } from '../../../electron/services/fees/ledger/ledger-check';
import { readLedgerText } from '../../../electron/services/fees/ledger/ledger-reader';
import { repriceLedgerFile } from '../../../electron/services/fees/ledger/reprice';
import { shippedBook } from './fixtures';

const book = shippedBook();
const HEADER = 'time,merchant,channel,amount';

function ledger(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

function inputError(run: () => unknown): FeeInputError {
  try {
    run();
  } catch (e) {
    if (e instanceof FeeInputError) return e;
    throw e;
  }
  throw new Error('expected a FeeInputError');
}

describe('ledger check', () => {
  it('counts per merchant, per channel and per Shanghai day; a refused row does not count', () => {
    const report = checkLedgerText(
      book,
      ledger(
        '2026-03-02T09:00:00+08:00,M1,qr,4000.00',
        '2026-03-02T10:00:00+08:00,M1,qr:wechat,4000.00',
        // 8,000 × 12 = 96,000 > 50,000: rows go through until the 50,000 QR day is used up.
        ...Array.from({ length: 10 }, (_, i) => `2026-03-02T1${i}:30:00+08:00,M1,qr:alipay,5000.00`),
        '2026-03-02T11:00:00+08:00,M2,qr,5000.00', // another merchant has its own day
        '2026-03-02T23:00:00Z,M1,qr,5000.00', // 07:00 on 3 March in Shanghai: a new day
        '2026-03-02T20:00:00+08:00,M1,credit,50000.00', // another channel has its own limit
      ),
    );
    // M1 QR on 2 March: 4,000 + 4,000 + 5,000 × 8 = 48,000; the 9th and 10th 5,000 rows are refused.
    expect(report).toMatchObject({
      rows: 15,
      allowedRows: 13,
      refusedRows: 2,
      merchants: 2,
      breachesTruncated: false,
    });
    expect(report.refusedByReason).toEqual({ 'limit.qr.per_day': 2 });
    expect(
      report.breaches.map((b) => [b.row, b.merchant, b.date, b.channel, b.reason, b.headroomFen]),
    ).toEqual([
      [12, 'M1', '2026-03-02', 'qr:alipay', 'limit.qr.per_day', 200_000],
      [13, 'M1', '2026-03-02', 'qr:alipay', 'limit.qr.per_day', 200_000],
    ]);
  });

  it('applies per-transaction limits, the questionnaire cap and class-II day and year caps', () => {
    const text = [
      'time,merchant,channel,amount,account_class,questionnaire',
      '2026-03-02T09:00:00+08:00,A,credit,50000.01,I,answered',
      '2026-03-02T09:00:00+08:00,B,debit,5000.01,,skipped',
      '2026-03-02T09:00:00+08:00,C,debit,6000.00,II,',
      '2026-03-02T10:00:00+08:00,C,qr,4000.00,II,',
      '2026-03-02T11:00:00+08:00,C,credit,0.01,II,',
      '2026-03-03T11:00:00+08:00,C,credit,0.01,II,',
    ].join('\r\n');
    const report = checkLedgerText(book, text);
    expect(report.breaches.map((b) => [b.row, b.reason])).toEqual([
      [2, 'limit.credit.per_transaction'],
      [3, 'limit.questionnaire_skipped.per_transaction'],
      [6, 'limit.class_ii.per_day'],
    ]);
  });

  it('class-II accounts stop at 200,000 yuan in a calendar year', () => {
    const rows: string[] = ['time,merchant,channel,amount,account_class'];
    for (let day = 1; day <= 21; day++) {
      rows.push(`2026-01-${String(day).padStart(2, '0')}T12:00:00+08:00,C,debit,10000.00,II`);
    }
    rows.push('2027-01-01T12:00:00+08:00,C,debit,10000.00,II');
    const report = checkLedgerText(book, rows.join('\n'));
    expect(report.breaches.map((b) => [b.row, b.date, b.reason, b.headroomFen])).toEqual([
      [22, '2026-01-21', 'limit.class_ii.per_year', 0],
    ]);
    expect(report.allowedRows).toBe(21);
  });

  it('judges rows in the order they happened when the file goes back in time', () => {
    const report = checkLedgerText(
      book,
      ledger(
        '2026-03-02T09:00:00+08:00,M,qr,5000.00',
        '2026-03-03T09:00:00+08:00,M,qr,5000.00',
        // 2 March reaches 50,000 with nine of these; the tenth (row 13) is refused.
        ...Array.from({ length: 10 }, () => '2026-03-02T10:00:00+08:00,M,qr,5000.00'),
        '2026-03-03T10:00:00+08:00,M,qr,5000.00',
      ),
    );
    expect(report.breaches.map((b) => [b.row, b.date])).toEqual([[13, '2026-03-02']]);
    expect(report.allowedRows).toBe(12);
  });

  it('a row listed late that happened first is judged first; same-time rows in file order', () => {
    // 45,000 then 5,000 on one QR day: both fit. Listed the other way round the 5,000 at 09:00
    // still comes first, so the 45,000 at 10:00 fits too, and the 1,000 at 11:00 does not.
    const rows = [
      '2026-03-02T11:00:00+08:00,M,qr,1000.00',
      '2026-03-02T10:00:00+08:00,M,qr,4500.00',
      ...Array.from({ length: 9 }, () => '2026-03-02T10:00:00+08:00,M,qr,5000.00'),
      '2026-03-02T09:00:00+08:00,M,qr,500.00',
    ];
    const report = checkLedgerText(book, ledger(...rows));
    expect(report.breaches.map((b) => [b.row, b.headroomFen])).toEqual([[2, 0]]);
    // Ties: at 10:00 4,500 + 9 × 5,000 = 49,500 of 50,000 after the 500 at 09:00; a further
    // 10:00 row of 5,000 listed last among them is the one refused.
    const tie = checkLedgerText(book, ledger(...rows.slice(1), '2026-03-02T10:00:00+08:00,M,qr,5000.00'));
    expect(tie.breaches.map((b) => [b.row, b.headroomFen])).toEqual([[13, 0]]);
  });

  it('lists every unreadable row with its field and reason, and judges none', () => {
    const error = inputError(() =>
      checkLedgerText(
        book,
        ledger(
          '2026-03-02T09:00:00+08:00,M,credit,1.00',
          '2026-03-02 09:00,M,cash,1.00',
          '2026-13-02T09:00:00+08:00,M,credit,1.00',
          '2026-03-02T09:00:00+08:00,M,credit,=1+1',
          '2026-03-02T09:00:00+08:00,"M,credit,1.00',
        ),
      ),
    );
    expect(error).toBeInstanceOf(LedgerRowsError);
    expect((error as LedgerRowsError).errorCount).toBe(4);
    expect((error as LedgerRowsError).errors.map((e) => [e.row, e.field, e.reason, e.value])).toEqual([
      [3, 'channel', 'ledger.channel.unknown', 'cash'],
      [4, 'time', 'ledger.time.invalid', '2026-13-02T09:00:00+08:00'],
      [5, 'amount', 'ledger.amount.invalid', '=1+1'],
      [6, '(row)', 'ledger.row.malformed', ''],
    ]);
    expect(error.message).toMatch(/^ledger row 3, field 'channel'.*\(and 3 more bad row\(s\)\)$/);
  });

  it('prices and limits each row by the version in force at its time, or by a chosen version', () => {
    const text = ledger('2024-12-31T23:59:59+08:00,M,credit,100.00');
    expect(inputError(() => checkLedgerText(book, text))).toMatchObject({ field: 'time', row: 2 });
    expect(checkLedgerText(book, text, '2025-baseline').rows).toBe(1);
    expect(inputError(() => checkLedgerText(book, text, 'v9'))).toMatchObject({ field: 'version' });
  });

  it.each([
    ['2026-03-02T09:00:00+08:00,M,credit,100.001', 'amount', /more than two decimals/],
    ['2026-03-02T09:00:00+08:00,M,credit,-1', 'amount', /must be positive/],
    ['2026-03-02T09:00:00+08:00,M,credit,0', 'amount', /must be positive/],
    ['2026-03-02T09:00:00+08:00,M,credit,abc', 'amount', /not an amount/],
    ['2026-03-02T09:00:00+08:00,M,cash,1.00', 'channel', /'cash' is not one of/],
    ['2026-02-30T09:00:00+08:00,M,credit,1.00', 'time', /not an ISO-8601 date-time/],
    ['2026-03-02T09:00:00+08:00,,credit,1.00', 'merchant', /1–64 characters/],
    ['2026-03-02T09:00:00+08:00,M,credit', '(row)', /has 3 field\(s\), the header has 4/],
    ['2026-03-02T09:00:00+08:00,"M,credit,1.00', '(row)', /malformed CSV/],
  ])('a bad row names its row number and field: %s', (row, field, message) => {
    const error = inputError(() =>
      checkLedgerText(book, ledger('2026-03-02T09:00:00+08:00,M,credit,1.00', row)),
    );
    expect(error.row).toBe(3);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^ledger row 3/);
    expect(error.message).toMatch(message);
  });

  it('refuses a header without the required columns or an empty ledger', () => {
    expect(inputError(() => checkLedgerText(book, 'time,merchant,amount\n'))).toMatchObject({
      field: 'channel',
      row: 1,
    });
    expect(inputError(() => checkLedgerText(book, ''))).toMatchObject({ field: '(file)' });
  });

  it('accepts a BOM, CRLF, blank lines, quoted fields and extra columns', () => {
    const text =
      '\uFEFFtime,merchant,channel,amount,note\r\n\r\n"2026-03-02T09:00:00+08:00","M, Ltd",credit,"100.00","say ""hi"""\r\n';
    const report = checkLedgerText(book, text);
    expect(report.rows).toBe(1);
    expect(
      checkLedgerText(book, ledger('2026-03-02T09:00:00+08:00,"M, Ltd",qr,5000.01')).breaches[0]?.merchant,
    ).toBe('M, Ltd');
  });

  it('splits lines exactly as csv-parse does', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9 ._:+-]{0,12}$/),
      fc.string({ unit: fc.constantFrom('a', ',', '"', ' ', '中', 'é'), maxLength: 10 }),
    );
    const quote = (v: string): string => (/[",]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (records) => {
          const text = records.map((r) => r.map(quote).join(',')).join('\n');
          const ours: string[][] = [];
          readLedgerText(text, (fields) => {
            ours.push(Array.from({ length: fields.count }, (_, i) => fields.text(i)));
          });
          const theirs = parseCsv(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
          expect(ours).toEqual(theirs);
        },
      ),
    );
  });
});

describe('ledger reprice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fees-reprice-'));

  it('appends fee, net, schedule version, refusing limit and flag to every row, copying the row as is', async () => {
    const input = join(dir, 'ok.csv');
    writeFileSync(
      input,
      ledger(
        '2026-12-14T23:59:59+08:00,M1,credit,100.00',
        '2026-12-15T00:00:00+08:00,"M, 2",credit,100.00',
        '2026-12-15T00:00:01+08:00,M3,debit,50000.00',
        '2026-12-15T00:00:02+08:00,M3,qr,5000.01',
        '2026-12-15T00:00:03+08:00,M3,credit,2.00',
      ),
    );
    const output = join(dir, 'ok.out.csv');
    const summary = await repriceLedgerFile(book, { input, output });
    expect(summary).toMatchObject({ rows: 5, refusedRows: 1, feeTotalFen: 360 + 365 + 2000 + 1900 + 301 });
    expect(readFileSync(output, 'utf8').split('\n')).toEqual([
      `${HEADER},fee,net,schedule_version,limit,flagged`,
      '2026-12-14T23:59:59+08:00,M1,credit,100.00,3.60,96.40,2025-baseline,,',
      '2026-12-15T00:00:00+08:00,"M, 2",credit,100.00,3.65,96.35,2026-12-credit-0.65,,',
      '2026-12-15T00:00:01+08:00,M3,debit,50000.00,20.00,49980.00,2026-12-credit-0.65,,',
      '2026-12-15T00:00:02+08:00,M3,qr,5000.01,19.00,4981.01,2026-12-credit-0.65,limit.qr.per_transaction,',
      '2026-12-15T00:00:03+08:00,M3,credit,2.00,3.01,-1.01,2026-12-credit-0.65,,yes',
      '',
    ]);
  });

  it('neutralises cells a spreadsheet would run, keeps numbers numbers, and refuses NUL bytes', async () => {
    const input = join(dir, 'formula.csv');
    writeFileSync(
      input,
      [
        'time,merchant,channel,amount,note,refund',
        '2026-03-02T09:00:00+08:00,"=HYPERLINK(""http://evil"",""x"")",credit,2.00,-2+3,-5.00',
        '2026-03-02T09:00:01+08:00,M2,credit,100.00,@SUM(A1),+1',
      ].join('\n'),
    );
    const output = join(dir, 'formula.out.csv');
    await repriceLedgerFile(book, { input, output });
    expect(readFileSync(output, 'utf8').split('\n')).toEqual([
      'time,merchant,channel,amount,note,refund,fee,net,schedule_version,limit,flagged',
      `2026-03-02T09:00:00+08:00,"'=HYPERLINK(""http://evil"",""x"")",credit,2.00,'-2+3,-5.00,3.01,-1.01,2025-baseline,,yes`,
      "2026-03-02T09:00:01+08:00,M2,credit,100.00,'@SUM(A1),+1,3.60,96.40,2025-baseline,,",
      '',
    ]);
    const nul = join(dir, 'nul.csv');
    writeFileSync(
      nul,
      ledger('2026-03-02T09:00:00+08:00,M1,credit,1.00', '2026-03-02T09:00:00+08:00,M\u0000,credit,1.00'),
    );
    await expect(
      repriceLedgerFile(book, { input: nul, output: join(dir, 'nul.out.csv') }),
    ).rejects.toMatchObject({
      row: 3,
      reason: 'ledger.row.nul_byte',
      value: '2',
      message: expect.stringMatching(/^ledger row 3, column 2: contains a NUL byte/),
    });
    expect(existsSync(join(dir, 'nul.out.csv'))).toBe(false);
  });

  it('prices every row under a chosen version', async () => {
    const input = join(dir, 'v.csv');
    writeFileSync(input, ledger('2025-06-01T12:00:00+08:00,M1,credit,100.00'));
    const output = join(dir, 'v.out.csv');
    await repriceLedgerFile(book, { input, output, version: '2026-12-credit-0.65' });
    expect(readFileSync(output, 'utf8')).toContain(',3.65,96.35,2026-12-credit-0.65,,');
  });

  it('leaves no output and no temporary file behind on a bad row, and names the row', async () => {
    const input = join(dir, 'bad.csv');
    const rows = Array.from({ length: 50_000 }, (_, i) => `2026-03-02T09:00:00+08:00,M${i},credit,1.00`);
    rows.push('2026-03-02T09:00:00+08:00,M,credit,1.005');
    writeFileSync(input, ledger(...rows));
    const output = join(dir, 'bad.out.csv');
    await expect(repriceLedgerFile(book, { input, output })).rejects.toMatchObject({
      row: 50_002,
      field: 'amount',
    });
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('bad.out'))).toEqual([]);
  });

  it('does not overwrite an existing output when the run fails', async () => {
    const input = join(dir, 'bad2.csv');
    writeFileSync(input, ledger('2026-03-02T09:00:00+08:00,M,credit,oops'));
    const output = join(dir, 'existing.csv');
    writeFileSync(output, 'previous run\n');
    await expect(repriceLedgerFile(book, { input, output })).rejects.toThrow(/ledger row 2, field 'amount'/);
    expect(readFileSync(output, 'utf8')).toBe('previous run\n');
  });

  it('reads files in chunks: a ledger bigger than one read gives the same report as in memory', async () => {
    const rows = Array.from(
      { length: 60_000 },
      (_, i) =>
        `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00+08:00,M${i % 97},qr,${1000 + (i % 5000)}.5`,
    );
    const text = ledger(...rows);
    const input = join(dir, 'big.csv');
    writeFileSync(input, text);
    expect(text.length).toBeGreaterThan(1 << 21);
    expect(await checkLedgerFile(book, input)).toEqual(checkLedgerText(book, text));
  });

  it('refuses a file that is not UTF-8', async () => {
    const input = join(dir, 'latin1.csv');
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from(`${HEADER}\n2026-03-02T09:00:00+08:00,M`),
        Buffer.from([0xe9]),
        Buffer.from(',credit,1.00\n'),
      ]),
    );
    await expect(checkLedgerFile(book, input)).rejects.toThrow(/not UTF-8/);
  });
});
