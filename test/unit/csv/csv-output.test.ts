import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { formatStatementCsv } from '../../../electron/services/kyc/bundle/statement-csv';
import { manifestCsv } from '../../../native/attestation/manufacturer-manifest';
import { CsvOutputError, csvLine, isFormulaLike, toCsv } from '../../../native/formats/csv-output';

describe('CSV output (every CSV the station writes)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+cmd|/C calc!A0', "'+cmd|/C calc!A0"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['M001', 'M001'],
    ['a,b', '"a,b"'],
  ])('neutralises and quotes the text cell %j', (cell, written) => {
    expect(csvLine(['c'], [cell], 2)).toBe(`${written}\n`);
  });

  it('keeps numbers numbers: number cells and text cells that are exactly a decimal', () => {
    expect(csvLine(['a', 'b', 'c', 'd'], [-1.01, '-1.01', '+5', '-0.50'], 2)).toBe('-1.01,-1.01,+5,-0.50\n');
    expect(isFormulaLike('-1.01e3')).toBe(true);
  });

  it('refuses a NUL byte, naming the row and the field', () => {
    expect(() =>
      toCsv(
        ['id', 'name'],
        [
          ['1', 'ok'],
          ['2', 'bad\0name'],
        ],
      ),
    ).toThrow(new CsvOutputError(3, 'name', 'contains a NUL byte; nothing was written'));
  });

  it('whatever the text, a spreadsheet reads back the same cells, none of them a formula', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string({
              unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', '1', '.'),
            }),
            {
              minLength: 2,
              maxLength: 2,
            },
          ),
          { maxLength: 5 },
        ),
        (rows) => {
          const back = parse(toCsv(['x', 'y'], rows)) as string[][];
          expect(back.slice(1)).toEqual(rows.map((r) => r.map((c) => (isFormulaLike(c) ? `'${c}` : c))));
          for (const cell of back.flat()) expect(isFormulaLike(cell)).toBe(false);
        },
      ),
    );
  });
});

describe('the station’s CSV writers go through it', () => {
  it('a bank statement: counterparty neutralised, a negative balance still a number', () => {
    const csv = formatStatementCsv([
      {
        time: '2026-03-01 09:00:00',
        direction: 'out',
        amountFen: 1200,
        counterparty: '=cmd|/C calc!A0',
        balanceFen: -1200,
      },
    ]);
    expect(csv).toBe(
      "time,direction,amount,counterparty,balance\n2026-03-01 09:00:00,out,12.00,'=cmd|/C calc!A0,-12.00\n",
    );
  });

  it('a manufacturer manifest: a forged serial cannot run in a spreadsheet', () => {
    const csv = manifestCsv([
      { serial: '@SUM(1+1)', key_fingerprint: 'ab', model: 'P1', batch: '-B', mode: 'production' },
    ]);
    expect(csv.split('\n')[1]).toBe("'@SUM(1+1),ab,P1,'-B,production");
  });
});
