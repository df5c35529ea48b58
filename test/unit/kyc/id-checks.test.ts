import { checkIdNumber } from '../../../electron/services/kyc/checks/id-number-check';
import {
  checkIdExpiry,
  expectedValidityYears,
  minimumIdExpiry,
} from '../../../electron/services/kyc/checks/id-validity-check';
import { buildIdNumber, gb11643CheckDigit } from '../../../electron/services/kyc/checks/gb11643';
import { defaultRegions } from '../../../electron/services/kyc/checks/regions';
import type { Applicant } from '../../../electron/contract/domain/kyc/application';
import { application, codes, GOOD_ID, REVIEW_DATE } from './fixtures';

const regions = defaultRegions;
const check = (id: string, reviewDate = REVIEW_DATE) => checkIdNumber(id, { reviewDate, regions });

describe('ID number check', () => {
  it('leaves a passing trace for a good number', () => {
    const findings = check(GOOD_ID);
    expect(codes(findings)).toEqual(['id.checksum.ok', 'id.province.ok', 'id.age.ok']);
    expect(findings.every((f) => f.severity === 'info')).toBe(true);
    expect(findings[1]?.evidence).toMatchObject({ provinceCode: '11', province: '北京市' });
  });

  it('flags a wrong check digit with the expected one', () => {
    const wrong = `${GOOD_ID.slice(0, 17)}${GOOD_ID.endsWith('0') ? '1' : '0'}`;
    const finding = check(wrong).find((f) => f.code === 'id.checksum.invalid');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence['expectedCheckDigit']).toBe(GOOD_ID.charAt(17));
  });

  it('reports a malformed number as a format error only', () => {
    expect(codes(check('11010519491231'))).toEqual(['id.format.invalid']);
  });

  it('rejects an impossible birth date even with a correct check digit', () => {
    const body = '11010519990230001';
    const findings = check(body + gb11643CheckDigit(body));
    expect(codes(findings)).toEqual(['id.checksum.ok', 'id.province.ok', 'id.birth_date.invalid']);
  });

  it('rejects an unknown province prefix', () => {
    expect(codes(check(buildIdNumber('990101', '1990-01-01', 5)))).toContain('id.province.unknown');
    expect(codes(check(buildIdNumber('820101', '1990-01-01', 5)))).toContain('id.province.ok');
  });

  it('is 18 on the 18th birthday, not the day before', () => {
    const id = buildIdNumber('310104', '2008-11-25', 7);
    expect(codes(check(id, '2026-11-25'))).toContain('id.age.ok');
    expect(codes(check(id, '2026-11-24'))).toContain('id.age.under_18');
  });

  it('treats a 29 February birthday as reached on 1 March of a common year', () => {
    const id = buildIdNumber('310104', '2008-02-29', 7);
    expect(codes(check(id, '2026-02-28'))).toContain('id.age.under_18');
    expect(codes(check(id, '2026-03-01'))).toContain('id.age.ok');
  });

  it('never puts the full ID number in evidence', () => {
    const text = JSON.stringify(check(GOOD_ID));
    expect(text).not.toContain(GOOD_ID);
    expect(text).toContain(`110***********${GOOD_ID.slice(-4)}`);
  });
});

function applicant(overrides: Partial<Applicant>): Applicant {
  return { ...application().applicant, ...overrides };
}

describe('ID expiry: at least 6 calendar months after the review date', () => {
  it('passes at exactly 6 months and fails one day earlier', () => {
    expect(minimumIdExpiry('2026-11-25')).toBe('2027-05-25');
    const exactly = checkIdExpiry(
      applicant({
        idValidFrom: '2007-05-25',
        idValidTo: '2027-05-25',
        idNumber: buildIdNumber('110105', '1980-01-01', 1),
      }),
      '2026-11-25',
    );
    expect(codes(exactly)).toContain('id.expiry.ok');
    const dayLess = checkIdExpiry(
      applicant({
        idValidFrom: '2007-05-24',
        idValidTo: '2027-05-24',
        idNumber: buildIdNumber('110105', '1980-01-01', 1),
      }),
      '2026-11-25',
    );
    expect(dayLess.find((f) => f.code === 'id.expiry.too_soon')).toMatchObject({
      severity: 'error',
      evidence: { validTo: '2027-05-24', requiredUntil: '2027-05-25' },
    });
  });

  it('uses the last day of the month when the day does not exist (31 Aug → 28/29 Feb)', () => {
    expect(minimumIdExpiry('2026-08-31')).toBe('2027-02-28');
    expect(minimumIdExpiry('2027-08-31')).toBe('2028-02-29');
    const born = buildIdNumber('110105', '1980-01-01', 1);
    expect(
      codes(
        checkIdExpiry(
          applicant({ idNumber: born, idValidFrom: '2007-02-28', idValidTo: '2027-02-28' }),
          '2026-08-31',
        ),
      ),
    ).toContain('id.expiry.ok');
    expect(
      codes(
        checkIdExpiry(
          applicant({ idNumber: born, idValidFrom: '2007-02-27', idValidTo: '2027-02-27' }),
          '2026-08-31',
        ),
      ),
    ).toContain('id.expiry.too_soon');
  });

  it('distinguishes an expired card, and accepts long-term', () => {
    const old = buildIdNumber('110105', '1960-01-01', 1);
    expect(
      codes(
        checkIdExpiry(
          applicant({ idNumber: old, idValidFrom: '2006-01-01', idValidTo: '2026-01-01' }),
          REVIEW_DATE,
        ),
      ),
    ).toContain('id.expired');
    expect(
      codes(
        checkIdExpiry(
          applicant({ idNumber: old, idValidFrom: '2010-01-01', idValidTo: 'long_term' }),
          REVIEW_DATE,
        ),
      ),
    ).toEqual(['id.expiry.ok', 'id.validity.period_ok']);
  });
});

describe('ID validity period matches the age at issue', () => {
  it('maps ages to periods at every boundary', () => {
    expect([15, 16, 25, 26, 45, 46].map(expectedValidityYears)).toEqual([5, 10, 10, 20, 20, 'long_term']);
  });

  const born = buildIdNumber('440305', '1980-06-15', 3);
  const periodCode = (validFrom: string, validTo: string) =>
    codes(
      checkIdExpiry(applicant({ idNumber: born, idValidFrom: validFrom, idValidTo: validTo }), '2000-01-01'),
    ).at(-1);

  it('flags an issue date before the birth date', () => {
    expect(periodCode('1979-01-01', '1999-01-01')).toBe('id.validity.before_birth');
  });

  it('accepts the right period and flags a wrong one', () => {
    expect(periodCode('1996-06-15', '2006-06-15')).toBe('id.validity.period_ok'); // 16 at issue: 10 years
    expect(periodCode('1996-06-14', '2001-06-14')).toBe('id.validity.period_ok'); // 15 at issue: 5 years
    expect(periodCode('1996-06-14', '2006-06-14')).toBe('id.validity.period_inconsistent');
    expect(periodCode('2006-06-15', '2026-06-15')).toBe('id.validity.period_ok'); // 26: 20 years
    expect(periodCode('2026-06-15', '2046-06-15')).toBe('id.validity.period_inconsistent'); // 46: long-term
    expect(periodCode('2026-06-15', 'long_term')).toBe('id.validity.period_ok');
  });
});
