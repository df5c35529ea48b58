import fc from 'fast-check';
import { luhnCheckDigit, luhnValid } from '../../../electron/services/kyc/checks/luhn';
import {
  checkSettlementCard,
  CLASS_II_DAILY_LIMIT_FEN,
} from '../../../electron/services/kyc/checks/settlement-card-check';
import { defaultBinTable, parseBinTable } from '../../../electron/services/kyc/checks/bin-table';
import shippedBins from '../../../resources/bin-table/bins.json';
import { application, cardWith, codes } from './fixtures';

describe('Luhn', () => {
  it('accepts published examples and rejects a changed one', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnCheckDigit('7992739871')).toBe('3');
  });

  it('property: a completed number passes, and any single-digit change fails', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 18 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (body, at, shift) => {
          const number = body + luhnCheckDigit(body);
          const position = at % number.length;
          const digit = (Number(number.charAt(position)) + shift) % 10;
          const changed = number.slice(0, position) + digit + number.slice(position + 1);
          return luhnValid(number) && !luhnValid(changed);
        },
      ),
    );
  });
});

describe('BIN table', () => {
  it('is versioned, names its source and holds well-known debit and credit BINs', () => {
    expect(defaultBinTable.version).toMatch(/^\d{4}\./);
    expect(defaultBinTable.file.source.length).toBeGreaterThan(20);
    expect(defaultBinTable.lookup('6222021234567890123')).toMatchObject({
      bank: '中国工商银行',
      cardType: 'debit',
    });
    expect(defaultBinTable.lookup('6217001234567890123')).toMatchObject({ bankEn: 'CCB', cardType: 'debit' });
    expect(defaultBinTable.lookup('6225881234567890')).toMatchObject({ bankEn: 'CMB', cardType: 'debit' });
    expect(defaultBinTable.lookup('6221551234567890')?.cardType).toBe('credit');
  });

  it('prefers the longest matching prefix and refuses duplicate prefixes', () => {
    const table = parseBinTable({
      ...shippedBins,
      entries: [
        { prefix: '6222', bank: 'A', bankEn: 'A', cardType: 'debit', lengths: [19] },
        { prefix: '62220299', bank: 'B', bankEn: 'B', cardType: 'debit', lengths: [19], accountClass: 'II' },
      ],
    });
    expect(table.lookup('6222029912345678901')?.bank).toBe('B');
    expect(table.lookup('6222001234567890123')?.bank).toBe('A');
    expect(() =>
      parseBinTable({ ...shippedBins, entries: [shippedBins.entries[0], shippedBins.entries[0]] }),
    ).toThrow(/duplicate prefix/);
  });
});

describe('settlement card check', () => {
  const app = application();
  const run = (
    number: string,
    holderName = app.applicant.name,
    bankReportedClass?: 'I' | 'II',
    table = defaultBinTable,
  ) =>
    checkSettlementCard(
      { number, holderName, ...(bankReportedClass ? { bankReportedClass } : {}) },
      app.applicant,
      table,
    );

  it('passes an ICBC debit card in the applicant name with a trace for every rule', () => {
    const findings = run(cardWith('622202', 19));
    expect(codes(findings)).toEqual(['card.luhn.ok', 'card.type.debit', 'card.class.ok', 'card.holder.ok']);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
  });

  it('refuses a credit card', () => {
    const finding = run(cardWith('622155', 16)).find((f) => f.code === 'card.type.credit');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence['binTableVersion']).toBe(defaultBinTable.version);
  });

  it('warns on a Luhn failure and on an unknown BIN', () => {
    const good = cardWith('622202', 19);
    const bad = good.slice(0, -1) + String((Number(good.slice(-1)) + 1) % 10);
    expect(run(bad).find((f) => f.code === 'card.luhn.failed')?.severity).toBe('warning');
    expect(run(cardWith('999999', 16)).find((f) => f.code === 'card.bin.unknown')?.severity).toBe('warning');
  });

  it('requires the holder name to be the ID name, tolerating full-width and middle-dot variants', () => {
    expect(run(goodCard(), '王小红').find((f) => f.code === 'card.holder.mismatch')?.severity).toBe('error');
    const minority = { ...app.applicant, name: '阿依·吐尔逊' };
    const findings = checkSettlementCard(
      { number: goodCard(), holderName: '阿依・吐尔逊 ' },
      minority,
      defaultBinTable,
    );
    expect(codes(findings)).toContain('card.holder.ok');
  });

  it('warns on a class-II account with its 10,000-yuan daily limit, from the bank or the BIN table', () => {
    const reported = run(goodCard(), undefined, 'II').find((f) => f.code === 'card.class_ii');
    expect(reported).toMatchObject({
      severity: 'warning',
      evidence: { dailyLimitFen: 1_000_000, source: 'bank_reported' },
    });
    expect(CLASS_II_DAILY_LIMIT_FEN).toBe(10_000 * 100);
    const table = parseBinTable({
      ...shippedBins,
      entries: [
        {
          prefix: '623456',
          bank: '某银行',
          bankEn: 'Some bank',
          cardType: 'debit',
          lengths: [19],
          accountClass: 'II',
        },
      ],
    });
    const fromTable = run(cardWith('623456', 19), undefined, undefined, table).find(
      (f) => f.code === 'card.class_ii',
    );
    expect(fromTable?.evidence['source']).toBe('bin_table');
  });

  it('masks card number and names in evidence', () => {
    const number = goodCard();
    const text = JSON.stringify(run(number, '王小红'));
    expect(text).not.toContain(number);
    expect(text).not.toContain('王小红');
    expect(text).not.toContain('王小明');
    expect(text).toContain(`${number.slice(0, 6)}*********${number.slice(-4)}`);
  });
});

function goodCard(): string {
  return cardWith('622202', 19);
}
