/** A clean counter entry as the review screen sends it (kyc.intakeAtCounter), for the hub's station tests. */
import { createHash } from 'node:crypto';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../../electron/services/kyc/checks/luhn';
import { stallCertificate } from '../../unit/kyc-workflow/applications';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export function scanned(id: string, kind: string, mimeType: string, bytes: Buffer) {
  return {
    id,
    kind,
    mimeType,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    base64: bytes.toString('base64'),
  };
}

/** A clean counter entry with four scanned documents. */
export function counterEntry() {
  const card = '436742000000000077';
  return {
    applicant: {
      name: '张小三',
      idNumber: buildIdNumber('110105', '1985-03-15', 7),
      idValidFrom: '2020-01-01',
      idValidTo: '2040-01-01',
      phone: '13900000007',
      address: '北京市朝阳区建国路7号',
    },
    settlementCard: { number: card + luhnCheckDigit(card), holderName: '张小三' },
    businessProof: stallCertificate('stall-certificate'),
    documents: [
      scanned('id-front', 'id_front', 'image/png', Buffer.concat([PNG, Buffer.from('front')])),
      scanned('id-back', 'id_back', 'image/png', Buffer.concat([PNG, Buffer.from('back')])),
      scanned('card', 'card_photo', 'image/png', Buffer.concat([PNG, Buffer.from('card')])),
      scanned('stall-certificate', 'proof', 'application/pdf', Buffer.from('%PDF-1.4\nstall')),
    ],
  };
}
