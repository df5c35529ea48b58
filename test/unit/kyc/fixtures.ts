import type { Application, StatementRow } from '../../../electron/contract/domain/kyc/application';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../../electron/services/kyc/checks/luhn';
import { addDays, addMonths } from '../../../electron/services/kyc/checks/civil-date';

export const REVIEW_DATE = '2026-11-25';

export function cardWith(prefix: string, length: number, fill = '3'): string {
  const body = prefix + fill.repeat(length - prefix.length - 1);
  return body + luhnCheckDigit(body);
}

/** Born 1990-06-15 in Beijing Chaoyang, card issued at 26 in 2016 for 20 years: passes every ID check. */
export const GOOD_ID = buildIdNumber('110105', '1990-06-15', 123);
export const GOOD_CARD = cardWith('622202', 19);

/** A QR history of one payment a day from 4 months before the review date to the day before it. */
export function dailyQrRecords(from: string, to: string): Application['businessProof'] {
  const records = [];
  for (let d = from; d <= to; d = addDays(d, 1))
    records.push({ time: `${d}T12:00:00+08:00`, amountFen: 2500 });
  return {
    type: 'qr_records',
    provider: 'wechat',
    merchantName: '老王水果摊',
    records,
    documentIds: ['qr-1'],
  };
}

export function application(overrides: Partial<Application> = {}): Application {
  return {
    schemaVersion: 1,
    applicationId: 'A-1',
    submittedAt: '2026-11-24T10:00:00+08:00',
    channel: 'app',
    deviceFingerprint: 'dev-0001',
    applicant: {
      name: '王小明',
      idNumber: GOOD_ID,
      idValidFrom: '2016-08-01',
      idValidTo: '2036-08-01',
      phone: '13812345678',
      address: '北京市朝阳区建设路1号2栋301室',
    },
    settlementCard: { number: GOOD_CARD, holderName: '王小明' },
    businessProof: dailyQrRecords(addMonths(REVIEW_DATE, -4), addDays(REVIEW_DATE, -1)),
    documents: [
      {
        id: 'id-front',
        kind: 'id_front',
        mimeType: 'image/png',
        file: 'documents/id-front.png',
        sha256: '0'.repeat(64),
      },
      {
        id: 'id-back',
        kind: 'id_back',
        mimeType: 'image/png',
        file: 'documents/id-back.png',
        sha256: '0'.repeat(64),
      },
      {
        id: 'card',
        kind: 'card_photo',
        mimeType: 'image/png',
        file: 'documents/card.png',
        sha256: '0'.repeat(64),
      },
      {
        id: 'qr-1',
        kind: 'proof',
        mimeType: 'image/png',
        file: 'documents/qr-1.png',
        sha256: '0'.repeat(64),
      },
    ],
    ...overrides,
  };
}

export function row(
  time: string,
  direction: 'in' | 'out',
  amountFen: number,
  counterparty: string,
  balanceFen = 0,
): StatementRow {
  return { time, direction, amountFen, counterparty, balanceFen };
}

/** Carries balances row by row so the balance check passes. */
export function withBalances(rows: readonly StatementRow[], opening = 1_000_000): StatementRow[] {
  let balance = opening;
  return rows.map((r) => {
    balance += r.direction === 'in' ? r.amountFen : -r.amountFen;
    return { ...r, balanceFen: balance };
  });
}

export function codes(findings: readonly { code: string }[]): string[] {
  return findings.map((f) => f.code);
}
