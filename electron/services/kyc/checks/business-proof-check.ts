import type { BusinessProof, CalendarDate } from '../../../contract/domain/kyc/application';
import { checkBankStatement } from './bank-statement-check';
import type { Finding } from '../../../contract/domain/kyc/finding';
import { checkQrRecords } from './qr-records-check';
import { checkStallCertificate } from './stall-certificate-check';

/** Proof of business is one of three kinds (DESIGN §1); each has its own rules. */
export function checkBusinessProof(proof: BusinessProof, reviewDate: CalendarDate): Finding[] {
  switch (proof.type) {
    case 'qr_records':
      return checkQrRecords(proof, reviewDate);
    case 'bank_statement':
      return checkBankStatement(proof, reviewDate);
    case 'stall_certificate':
      return checkStallCertificate(proof, reviewDate);
  }
}
