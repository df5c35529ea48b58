import type { CalendarDate, QrRecord, StatementRow } from '../../../../contract/domain/kyc/application';
import { addDays, addMonths, addYears, daysBetween } from '../../checks/civil-date';
import { personName, type Business, MARKETS } from './people';
import type { Random } from './random';

function clock(rng: Random, fromHour: number, toHour: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(rng.int(fromHour, toHour))}:${pad(rng.int(0, 59))}:${pad(rng.int(0, 59))}`;
}

/**
 * A stall's QR takings: on about 60% of days 1–4 small payments. A good history starts 5–60 days
 * before the 3-month mark; a short one covers only the last 20–55 days.
 */
export function qrRecords(rng: Random, reviewDate: CalendarDate, short: boolean): QrRecord[] {
  const start = short
    ? addDays(reviewDate, -rng.int(20, 55))
    : addDays(addMonths(reviewDate, -3), -rng.int(5, 60));
  const lastDay = addDays(reviewDate, -rng.int(0, 2));
  const records: QrRecord[] = [];
  const days = daysBetween(start, lastDay);
  for (let d = 0; d <= days; d += 1) {
    const date = addDays(start, d);
    const count = d === 0 || d === days ? rng.int(1, 3) : rng.chance(0.6) ? rng.int(1, 4) : 0;
    const times = Array.from({ length: count }, () => clock(rng, 7, 21)).sort();
    for (const time of times) {
      records.push({
        time: `${date}T${time}+08:00`,
        amountFen: rng.int(3, 150) * 100 + rng.pick([0, 0, 50, rng.int(1, 99)]),
        ...(rng.chance(0.7) ? { payer: `${rng.pick(['张', '李', '王', '刘', '陈', '杨', '赵'])}**` } : {}),
      });
    }
  }
  return records;
}

interface DraftRow {
  readonly time: string;
  readonly direction: 'in' | 'out';
  readonly amountFen: number;
  readonly counterparty: string;
}

/**
 * A personal account used for a small business: 0–3 small customer transfers a day, weekly
 * supplier payments and a monthly rent. `passThrough` adds large sums that leave again within
 * minutes — the "秒进秒出" pattern. Balances are carried row by row.
 */
export function bankStatement(rng: Random, reviewDate: CalendarDate, passThrough: boolean): StatementRow[] {
  const start = addDays(addMonths(reviewDate, -6), -rng.int(10, 40));
  const lastDay = addDays(reviewDate, -rng.int(0, 2));
  const payers = Array.from({ length: rng.int(25, 45) }, () => personName(rng));
  const supplier = `${rng.pick(['城东', '城西', '江南', '河北'])}${rng.pick(['批发部', '农贸批发市场', '商贸行'])}`;
  const landlord = personName(rng);
  const drafts: DraftRow[] = [];
  const days = daysBetween(start, lastDay);
  for (let d = 0; d <= days; d += 1) {
    const date = addDays(start, d);
    const incoming = d === days ? rng.int(1, 3) : rng.int(0, 3);
    for (let i = 0; i < incoming; i += 1) {
      drafts.push({
        time: `${date} ${clock(rng, 7, 21)}`,
        direction: 'in',
        amountFen: rng.int(10, 400) * 100 + rng.int(0, 99),
        counterparty: rng.pick(payers),
      });
    }
    if (d % 7 === 3) {
      drafts.push({
        time: `${date} ${clock(rng, 5, 7)}`,
        direction: 'out',
        amountFen: rng.int(300, 2000) * 100,
        counterparty: supplier,
      });
    }
    if (date.endsWith('-05')) {
      drafts.push({
        time: `${date} ${clock(rng, 9, 11)}`,
        direction: 'out',
        amountFen: rng.int(15, 40) * 10_000,
        counterparty: landlord,
      });
    }
    if (passThrough && d % rng.int(2, 5) === 0) {
      const amount = rng.int(5_000, 50_000) * 100;
      const hh = rng.int(9, 20);
      const mm = rng.int(0, 30);
      const pad = (n: number) => String(n).padStart(2, '0');
      drafts.push({
        time: `${date} ${pad(hh)}:${pad(mm)}:${pad(rng.int(0, 59))}`,
        direction: 'in',
        amountFen: amount,
        counterparty: rng.pick(['赵宏', '钱程商贸', '孙立']),
      });
      drafts.push({
        time: `${date} ${pad(hh)}:${pad(mm + rng.int(2, 25))}:${pad(rng.int(0, 59))}`,
        direction: 'out',
        amountFen: Math.round((amount * rng.int(970, 1000)) / 1000),
        counterparty: rng.pick(['周文', '吴天成']),
      });
    }
  }
  drafts.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  let balance = rng.int(2_000, 20_000) * 100;
  const rows: StatementRow[] = [];
  for (const draft of drafts) {
    if (draft.direction === 'out' && draft.amountFen > balance) continue;
    balance += draft.direction === 'in' ? draft.amountFen : -draft.amountFen;
    rows.push({ ...draft, balanceFen: balance });
  }
  return rows;
}

export interface StallCertificateFields {
  readonly issuer: string;
  readonly stamped: boolean;
  readonly business: string;
  readonly validFrom: CalendarDate;
  readonly validTo: CalendarDate;
}

/** Issued 1–10 months ago for a year: valid on the review date. */
export function stallCertificate(
  rng: Random,
  reviewDate: CalendarDate,
  countyName: string,
  business: Business,
): StallCertificateFields {
  const validFrom = addDays(reviewDate, -rng.int(30, 300));
  return {
    issuer: `${countyName}${rng.pick(MARKETS)}`,
    stamped: true,
    business: business.zh,
    validFrom,
    validTo: addYears(validFrom, 1),
  };
}
