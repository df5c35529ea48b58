import type { CalendarDate, StallCertificateProof } from '../../../contract/domain/kyc/application';
import { finding, type Finding } from '../../../contract/domain/kyc/finding';

/** DESIGN §1: a stall certificate from a community or market, stamped, naming the business and its period. */
export function checkStallCertificate(proof: StallCertificateProof, reviewDate: CalendarDate): Finding[] {
  const faults: Finding[] = [];
  const period = { validFrom: proof.validFrom, validTo: proof.validTo, reviewDate };
  if (!proof.stamped) {
    faults.push(
      finding('proof.stall.not_stamped', 'error', '摊位证明未盖章', 'Stall certificate is not stamped'),
    );
  }
  if (proof.issuer.trim() === '') {
    faults.push(
      finding(
        'proof.stall.issuer_missing',
        'error',
        '摊位证明未写明出具单位',
        'Stall certificate does not name its issuer',
      ),
    );
  }
  if (proof.business.trim() === '') {
    faults.push(
      finding(
        'proof.stall.business_missing',
        'error',
        '摊位证明未注明经营项目',
        'Stall certificate does not name the business',
      ),
    );
  }
  if (proof.validTo < proof.validFrom) {
    faults.push(
      finding(
        'proof.stall.period_invalid',
        'error',
        '摊位证明的期限起止日期颠倒',
        'Stall certificate period ends before it starts',
        period,
      ),
    );
  } else if (reviewDate < proof.validFrom || reviewDate > proof.validTo) {
    faults.push(
      finding(
        'proof.stall.not_valid',
        'error',
        '审核日不在摊位证明的有效期内',
        'Stall certificate is not valid on the review date',
        period,
      ),
    );
  }
  if (faults.length > 0) return faults;
  return [
    finding(
      'proof.stall.ok',
      'info',
      '摊位证明已盖章、注明经营项目且在有效期内',
      'Stall certificate is stamped, names the business and is valid',
      {
        ...period,
        business: proof.business,
      },
    ),
  ];
}
