import type { AccountClass, Applicant, SettlementCard } from '../../../contract/domain/kyc/application';
import type { BinTable } from './bin-table';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';
import { luhnValid } from './luhn';
import { maskCardNumber, maskName } from './mask';

/** DESIGN §1: a class-II account settles at most 10,000 yuan a day (and 200,000 a year). */
export const CLASS_II_DAILY_LIMIT_FEN = 1_000_000;
export const CLASS_II_ANNUAL_LIMIT_FEN = 20_000_000;

export function normalizeCardNumber(cardNumber: string): string {
  return cardNumber.replace(/[\s-]/g, '');
}

/**
 * Names are compared after NFKC (full-width → half-width) with spaces removed and the middle
 * dots of minority names (·, •, ・, .) unified, so 'Ayi·Tursun' and 'Ayi・Tursun' match.
 */
export function normalizePersonName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[·•・．.]/g, '·');
}

export function checkSettlementCard(
  card: SettlementCard,
  applicant: Applicant,
  binTable: BinTable,
): Finding[] {
  const number = normalizeCardNumber(card.number);
  const masked = maskCardNumber(number);
  const findings: Finding[] = [];

  if (!/^\d{12,19}$/.test(number)) {
    findings.push(
      finding(
        'card.format.invalid',
        'error',
        '结算卡号应为12至19位数字',
        'Settlement card number must be 12–19 digits',
        {
          cardNumber: masked,
          length: number.length,
        },
      ),
    );
  } else {
    findings.push(...checkCardNumber(number, masked, card.bankReportedClass, binTable));
  }

  const sameName = normalizePersonName(card.holderName) === normalizePersonName(applicant.name);
  findings.push(
    sameName
      ? finding('card.holder.ok', 'info', '结算卡户名与身份证姓名一致', 'Card holder name matches the ID', {
          holderName: maskName(card.holderName),
        })
      : finding(
          'card.holder.mismatch',
          'error',
          '结算卡户名与身份证姓名不一致，结算卡须为申请人本人名下',
          "Card holder name differs from the ID: the settlement card must be in the applicant's own name",
          { holderName: maskName(card.holderName), idName: maskName(applicant.name) },
        ),
  );
  return findings;
}

function checkCardNumber(
  number: string,
  masked: string,
  bankReportedClass: AccountClass | undefined,
  binTable: BinTable,
): Finding[] {
  const findings: Finding[] = [];
  findings.push(
    luhnValid(number)
      ? finding('card.luhn.ok', 'info', '结算卡号校验位正确', 'Card number passes the Luhn check', {
          cardNumber: masked,
        })
      : finding(
          'card.luhn.failed',
          'warning',
          '结算卡号校验位不符，可能输错',
          'Card number fails the Luhn check: possibly mistyped',
          {
            cardNumber: masked,
          },
        ),
  );

  const entry = binTable.lookup(number);
  const tableVersion = binTable.version;
  if (!entry) {
    findings.push(
      finding(
        'card.bin.unknown',
        'warning',
        '离线卡BIN表中没有该卡号段，无法确认发卡行和卡种',
        'Card BIN is not in the offline table: issuer and card type unknown',
        {
          cardNumber: masked,
          bin: number.slice(0, 6),
          binTableVersion: tableVersion,
        },
      ),
    );
  } else {
    const evidence = {
      cardNumber: masked,
      bank: entry.bank,
      prefix: entry.prefix,
      binTableVersion: tableVersion,
    };
    findings.push(
      entry.cardType === 'credit'
        ? finding(
            'card.type.credit',
            'error',
            `该卡为${entry.bank}信用卡，结算卡须为借记卡`,
            `This is a ${entry.bankEn} credit card; settlement needs a debit card`,
            evidence,
          )
        : finding('card.type.debit', 'info', `${entry.bank}借记卡`, `${entry.bankEn} debit card`, evidence),
    );
    if (!entry.lengths.includes(number.length)) {
      findings.push(
        finding(
          'card.length.unexpected',
          'warning',
          `${entry.bank}该号段的卡号长度不符`,
          `Card number length is unusual for this ${entry.bankEn} BIN`,
          {
            ...evidence,
            length: number.length,
            expectedLengths: [...entry.lengths],
          },
        ),
      );
    }
  }

  const accountClass = bankReportedClass ?? entry?.accountClass;
  const source = bankReportedClass ? 'bank_reported' : entry?.accountClass ? 'bin_table' : 'unknown';
  findings.push(
    accountClass === 'II'
      ? finding(
          'card.class_ii',
          'warning',
          '结算卡为二类账户，每日结算上限1万元',
          'Settlement card is a class-II account: at most 10,000 yuan settles per day',
          {
            cardNumber: masked,
            accountClass: 'II',
            source,
            dailyLimitFen: CLASS_II_DAILY_LIMIT_FEN,
            annualLimitFen: CLASS_II_ANNUAL_LIMIT_FEN,
          },
        )
      : finding(
          'card.class.ok',
          'info',
          accountClass === 'I' ? '结算卡为一类账户' : '未报告账户类别，按一类账户处理',
          accountClass === 'I'
            ? 'Settlement card is a class-I account'
            : 'No account class reported; treated as class I',
          {
            accountClass: accountClass ?? 'unknown',
            source,
          },
        ),
  );
  return findings;
}
