import { LONG_TERM, type Applicant, type CalendarDate } from '../../../contract/domain/kyc/application';
import { addMonths, addYears, ageOn } from './civil-date';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';
import { parseIdNumber } from './gb11643';

/** DESIGN §1: the ID card must have at least 6 months of validity left on the review date. */
export const ID_MIN_REMAINING_MONTHS = 6;

/**
 * Validity period by age on the issue date (Resident Identity Card Law art. 5): under 16 → 5
 * years, 16–25 → 10 years, 26–45 → 20 years, 46 and over → long-term.
 */
export function expectedValidityYears(ageAtIssue: number): number | typeof LONG_TERM {
  if (ageAtIssue < 16) return 5;
  if (ageAtIssue <= 25) return 10;
  if (ageAtIssue <= 45) return 20;
  return LONG_TERM;
}

/**
 * The first expiry date that passes: the review date plus 6 calendar months, a missing day
 * falling back to the month's last day (31 Aug → 28/29 Feb). An ID expiring on exactly that
 * day passes; a day earlier fails.
 */
export function minimumIdExpiry(reviewDate: CalendarDate): CalendarDate {
  return addMonths(reviewDate, ID_MIN_REMAINING_MONTHS);
}

export function checkIdExpiry(applicant: Applicant, reviewDate: CalendarDate): Finding[] {
  const requiredUntil = minimumIdExpiry(reviewDate);
  const { idValidFrom, idValidTo } = applicant;
  const findings: Finding[] = [];
  if (idValidFrom > reviewDate) {
    findings.push(
      finding(
        'id.validity.not_started',
        'error',
        '身份证有效期起始日晚于审核日',
        'ID validity starts after the review date',
        {
          validFrom: idValidFrom,
          reviewDate,
        },
      ),
    );
  }
  if (idValidTo === LONG_TERM) {
    findings.push(
      finding('id.expiry.ok', 'info', '身份证为长期有效', 'ID card is valid long-term', {
        validTo: LONG_TERM,
        requiredUntil,
      }),
    );
  } else if (idValidTo < reviewDate) {
    findings.push(
      finding('id.expired', 'error', '身份证已过期', 'ID card has expired', {
        validTo: idValidTo,
        reviewDate,
        requiredUntil,
      }),
    );
  } else if (idValidTo < requiredUntil) {
    findings.push(
      finding(
        'id.expiry.too_soon',
        'error',
        `身份证剩余有效期不足${ID_MIN_REMAINING_MONTHS}个月`,
        `ID card has less than ${ID_MIN_REMAINING_MONTHS} months of validity left`,
        { validTo: idValidTo, reviewDate, requiredUntil },
      ),
    );
  } else {
    findings.push(
      finding(
        'id.expiry.ok',
        'info',
        `身份证剩余有效期不少于${ID_MIN_REMAINING_MONTHS}个月`,
        `ID card is valid for at least ${ID_MIN_REMAINING_MONTHS} more months`,
        { validTo: idValidTo, requiredUntil },
      ),
    );
  }
  findings.push(checkValidityPeriod(applicant));
  return findings;
}

/** The printed period must match the applicant's age on the issue date. */
function checkValidityPeriod(applicant: Applicant): Finding {
  const birth = parseIdNumber(applicant.idNumber)?.birthDate ?? null;
  const { idValidFrom, idValidTo } = applicant;
  if (birth !== null && birth > idValidFrom) {
    return finding(
      'id.validity.before_birth',
      'error',
      '身份证签发日期早于出生日期，证件可能伪造',
      'ID issue date is before the birth date: possibly forged',
      { validFrom: idValidFrom },
    );
  }
  if (birth === null) {
    return finding(
      'id.validity.unchecked',
      'warning',
      '无法从身份证号码得出出生日期，未核对有效期年限',
      'No birth date from the ID number, so the validity period could not be checked',
      { validFrom: idValidFrom, validTo: idValidTo },
    );
  }
  const ageAtIssue = ageOn(birth, idValidFrom);
  const years = expectedValidityYears(ageAtIssue);
  const expectedTo = years === LONG_TERM ? LONG_TERM : addYears(idValidFrom, years);
  const evidence = {
    ageAtIssue,
    expectedPeriod: years === LONG_TERM ? LONG_TERM : `${years}y`,
    validFrom: idValidFrom,
    validTo: idValidTo,
    expectedValidTo: expectedTo,
  };
  return expectedTo === idValidTo
    ? finding(
        'id.validity.period_ok',
        'info',
        '身份证有效期年限与签发时年龄相符',
        'ID validity period matches the age at issue',
        evidence,
      )
    : finding(
        'id.validity.period_inconsistent',
        'error',
        '身份证有效期年限与签发时年龄不符，证件可能伪造',
        'ID validity period does not match the age at issue: possibly forged',
        evidence,
      );
}
