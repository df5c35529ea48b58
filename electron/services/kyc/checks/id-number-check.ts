import type { CalendarDate } from '../../../contract/domain/kyc/application';
import { ageOn } from './civil-date';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';
import { gb11643CheckDigit, normalizeIdNumber, parseIdNumber } from './gb11643';
import { maskIdNumber } from './mask';
import type { Regions } from './regions';

export const MINIMUM_AGE = 18;
/** Nobody alive was born before this; an earlier date means a forged or mistyped number. */
const EARLIEST_PLAUSIBLE_BIRTH = '1900-01-01';

export interface IdNumberCheckOptions {
  readonly reviewDate: CalendarDate;
  readonly regions: Regions;
}

/**
 * The checks our side can make on an ID number (authenticity itself is the identity-verification
 * service's job): format, GB 11643 check digit, a real birth date, age ≥ 18 on the review date,
 * and a known province prefix.
 */
export function checkIdNumber(idNumber: string, options: IdNumberCheckOptions): Finding[] {
  const masked = maskIdNumber(idNumber);
  const parts = parseIdNumber(idNumber);
  if (!parts) {
    return [
      finding(
        'id.format.invalid',
        'error',
        '身份证号码格式错误：应为17位数字加1位数字或X',
        'ID number is not 17 digits followed by a digit or X',
        { idNumber: masked, length: Array.from(idNumber.trim()).length },
      ),
    ];
  }

  const findings: Finding[] = [];
  const id = normalizeIdNumber(idNumber);
  const expected = gb11643CheckDigit(id.slice(0, 17));
  findings.push(
    expected === parts.checkDigit
      ? finding('id.checksum.ok', 'info', '身份证号码校验位正确', 'ID number check digit is correct', {
          idNumber: masked,
        })
      : finding(
          'id.checksum.invalid',
          'error',
          '身份证号码校验位错误，号码可能输错或伪造',
          'ID number check digit is wrong: mistyped or forged',
          { idNumber: masked, checkDigit: parts.checkDigit, expectedCheckDigit: expected },
        ),
  );

  const province = options.regions.province(parts.provinceCode);
  findings.push(
    province
      ? finding(
          'id.province.ok',
          'info',
          `身份证地区码属于${province.nameZh}`,
          `ID area code is in ${province.nameEn}`,
          {
            provinceCode: parts.provinceCode,
            province: province.nameZh,
            regionsVersion: options.regions.version,
          },
        )
      : finding(
          'id.province.unknown',
          'error',
          '身份证号码前两位不是已知的省级行政区代码',
          'ID number does not start with a known province code',
          { provinceCode: parts.provinceCode, regionsVersion: options.regions.version },
        ),
  );

  const birth = parts.birthDate;
  if (birth === null || birth < EARLIEST_PLAUSIBLE_BIRTH || birth > options.reviewDate) {
    findings.push(
      finding(
        'id.birth_date.invalid',
        'error',
        '身份证号码中的出生日期无效',
        'The birth date inside the ID number is not a valid past date',
        { idNumber: masked, reviewDate: options.reviewDate },
      ),
    );
    return findings;
  }

  // Evidence gives the age, not the birth date: the date is part of the ID number.
  const age = ageOn(birth, options.reviewDate);
  findings.push(
    age >= MINIMUM_AGE
      ? finding('id.age.ok', 'info', `申请人已满${MINIMUM_AGE}周岁`, `Applicant is at least ${MINIMUM_AGE}`, {
          age,
          minimumAge: MINIMUM_AGE,
          reviewDate: options.reviewDate,
        })
      : finding(
          'id.age.under_18',
          'error',
          `申请人未满${MINIMUM_AGE}周岁`,
          `Applicant is under ${MINIMUM_AGE} on the review date`,
          { age, minimumAge: MINIMUM_AGE, reviewDate: options.reviewDate },
        ),
  );
  return findings;
}
