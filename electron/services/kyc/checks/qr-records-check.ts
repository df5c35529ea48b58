import type { CalendarDate, QrRecordsProof } from '../../../contract/domain/kyc/application';
import { addDays, addMonths, daysBetween, shanghaiDate } from './civil-date';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';

/** DESIGN §1: WeChat/Alipay business QR records covering the last 3 months. */
export const QR_REQUIRED_MONTHS = 3;
/** The newest record may be at most this old: "the last 3 months" means up to the review. */
export const QR_MAX_STALENESS_DAYS = 14;
/** A break longer than this inside the period means the records do not cover it. */
export const QR_MAX_GAP_DAYS = 31;
/** Fewer records than this in the period is too thin to show a business (ours). */
export const QR_MIN_RECORDS = 30;

/**
 * Coverage: some record on or before (review date − 3 calendar months), the newest within
 * QR_MAX_STALENESS_DAYS of the review date, no gap over QR_MAX_GAP_DAYS. Records after the
 * review date are ignored and reported.
 */
export function checkQrRecords(proof: QrRecordsProof, reviewDate: CalendarDate): Finding[] {
  const findings: Finding[] = [];
  const provider = proof.provider;
  findings.push(
    proof.merchantName.trim().length > 0
      ? finding(
          'proof.qr.merchant_name.ok',
          'info',
          '收款记录显示商户名称',
          'QR records show the merchant name',
          { provider },
        )
      : finding(
          'proof.qr.merchant_name_missing',
          'error',
          '收款码记录未显示商户名称',
          'QR records do not show a merchant name',
          {
            provider,
          },
        ),
  );

  const requiredFrom = addMonths(reviewDate, -QR_REQUIRED_MONTHS);
  const days = proof.records.map((r) => shanghaiDate(r.time)).sort();
  const future = days.filter((d) => d > reviewDate).length;
  if (future > 0) {
    findings.push(
      finding(
        'proof.qr.future_records',
        'warning',
        '存在晚于审核日的收款记录',
        'Some QR records are dated after the review date',
        {
          count: future,
          reviewDate,
        },
      ),
    );
  }
  const inRange = days.filter((d) => d <= reviewDate);
  const earliest = inRange[0];
  const latest = inRange[inRange.length - 1];
  if (earliest === undefined || latest === undefined) {
    findings.push(
      finding('proof.qr.coverage_short', 'error', '没有收款码交易记录', 'No QR payment records', {
        requiredFrom,
        reviewDate,
        records: 0,
      }),
    );
    return findings;
  }
  const evidence = { earliest, latest, requiredFrom, reviewDate, records: inRange.length };
  if (earliest > requiredFrom) {
    findings.push(
      finding(
        'proof.qr.coverage_short',
        'error',
        `收款记录不足近${QR_REQUIRED_MONTHS}个月`,
        `QR records do not cover the last ${QR_REQUIRED_MONTHS} months`,
        { ...evidence, missingDays: daysBetween(requiredFrom, earliest) },
      ),
    );
  } else if (latest < addDays(reviewDate, -QR_MAX_STALENESS_DAYS)) {
    findings.push(
      finding(
        'proof.qr.not_recent',
        'error',
        `最近${QR_MAX_STALENESS_DAYS}天没有收款记录`,
        `No QR records in the last ${QR_MAX_STALENESS_DAYS} days`,
        {
          ...evidence,
          maxStalenessDays: QR_MAX_STALENESS_DAYS,
        },
      ),
    );
  } else {
    findings.push(
      finding(
        'proof.qr.coverage.ok',
        'info',
        `收款记录覆盖近${QR_REQUIRED_MONTHS}个月`,
        `QR records cover the last ${QR_REQUIRED_MONTHS} months`,
        evidence,
      ),
    );
  }

  const period = inRange.filter((d) => d >= requiredFrom);
  // Breaks inside the covered stretch only: a late start is coverage_short, a stale end not_recent.
  const gap = longestGap(earliest <= requiredFrom ? [requiredFrom, ...period] : period);
  if (gap.days > QR_MAX_GAP_DAYS) {
    findings.push(
      finding(
        'proof.qr.gap',
        'warning',
        `收款记录中断超过${QR_MAX_GAP_DAYS}天`,
        `QR records stop for more than ${QR_MAX_GAP_DAYS} days`,
        {
          from: gap.from,
          to: gap.to,
          days: gap.days,
          maxGapDays: QR_MAX_GAP_DAYS,
        },
      ),
    );
  }
  if (period.length < QR_MIN_RECORDS) {
    findings.push(
      finding(
        'proof.qr.few_records',
        'warning',
        `近${QR_REQUIRED_MONTHS}个月收款笔数偏少`,
        `Few QR payments in the last ${QR_REQUIRED_MONTHS} months`,
        {
          records: period.length,
          minimum: QR_MIN_RECORDS,
        },
      ),
    );
  }
  return findings;
}

function longestGap(sortedDays: readonly CalendarDate[]): {
  from: CalendarDate;
  to: CalendarDate;
  days: number;
} {
  let best = { from: sortedDays[0] ?? '', to: sortedDays[0] ?? '', days: 0 };
  for (let i = 1; i < sortedDays.length; i += 1) {
    const from = sortedDays[i - 1] as CalendarDate;
    const to = sortedDays[i] as CalendarDate;
    const days = daysBetween(from, to);
    if (days > best.days) best = { from, to, days };
  }
  return best;
}
