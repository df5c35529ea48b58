import { createHash } from 'node:crypto';
import { buildIdNumber } from '../../../electron/services/kyc/checks/gb11643';
import { luhnCheckDigit } from '../../../electron/services/kyc/checks/luhn';
import type { CounterDocument } from '../../../electron/services/kyc/intake/counter-intake';
import type { SubmissionInput } from '../../../electron/services/kyc/intake/submission';
import type { KycContext } from '../../../electron/services/kyc/store/context';
import { intakeAtCounter } from '../../../electron/services/kyc/intake/counter-intake';
import type {
  Application,
  ApplicationDocument,
  DocumentKind,
} from '../../../electron/contract/domain/kyc/application';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF = Buffer.from('%PDF-1.4\n', 'ascii');

export interface TestApplicationOptions {
  readonly id: string;
  readonly submittedAt?: string;
  /** 1–999; makes the ID number unique. */
  readonly person?: number;
  readonly phone?: string;
  readonly cardSerial?: number;
  readonly name?: string;
  /** Bytes of each document get this tag, so a resubmission can change one. */
  readonly revision?: number;
  /** The ID card's validity and the holder's birth date (they must agree: 10 years when issued at 16–25). */
  readonly idValidity?: { readonly birthDate: string; readonly from: string; readonly to: string };
}

function card(serial: number): string {
  const body = `436742${String(serial).padStart(12, '0')}`;
  return body + luhnCheckDigit(body);
}

function doc(
  id: string,
  kind: DocumentKind,
  revision: number,
): { document: ApplicationDocument; bytes: Buffer } {
  const pdf = kind === 'proof';
  const bytes = Buffer.concat([pdf ? PDF : PNG, Buffer.from(`${id} rev ${revision}`)]);
  return {
    document: {
      id,
      kind,
      mimeType: pdf ? 'application/pdf' : 'image/png',
      file: `documents/${id}.${pdf ? 'pdf' : 'png'}`,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
    bytes,
  };
}

/** The test applicant's business proof: a stamped stall certificate, in its scan `documentId`. */
export function stallCertificate(documentId: string): SubmissionInput['application']['businessProof'] {
  return {
    type: 'stall_certificate',
    issuer: '建国路社区居民委员会',
    stamped: true,
    business: '水果摊',
    validFrom: '2026-01-01',
    validTo: '2027-12-31',
    documentId,
  };
}

/**
 * A clean application (all checks pass: valid ID, debit card in the applicant's name, stamped
 * stall certificate) that tests vary one field at a time.
 */
export function testSubmission(options: TestApplicationOptions): SubmissionInput {
  const person = options.person ?? 1;
  const revision = options.revision ?? 1;
  const documents = [
    doc('id-front', 'id_front', 1),
    doc('id-back', 'id_back', 1),
    doc('card', 'card_photo', 1),
    doc('proof', 'proof', revision),
  ];
  const name = options.name ?? '张小三';
  const application: Application = {
    schemaVersion: 1,
    applicationId: options.id,
    submittedAt: options.submittedAt ?? '2026-11-02T10:00:00+08:00',
    channel: 'app',
    applicant: {
      name,
      idNumber: buildIdNumber('110105', options.idValidity?.birthDate ?? '1985-03-15', person),
      idValidFrom: options.idValidity?.from ?? '2020-01-01',
      idValidTo: options.idValidity?.to ?? '2040-01-01',
      phone: options.phone ?? `139${String(person).padStart(8, '0')}`,
      address: `北京市朝阳区建国路${person}号`,
    },
    settlementCard: { number: card(options.cardSerial ?? person), holderName: name },
    businessProof: stallCertificate('proof'),
    documents: documents.map((d) => d.document),
  };
  return { application, documents };
}

export function counterDocuments(input: SubmissionInput): CounterDocument[] {
  return input.documents.map((d) => ({ id: d.document.id, bytes: d.bytes }));
}

/** Submits through the counter path (the same storage, checks and audit as a bundle). */
export function submit(ctx: KycContext, options: TestApplicationOptions): SubmissionInput {
  const input = testSubmission(options);
  intakeAtCounter(ctx, input.application, counterDocuments(input), 'counter-clerk');
  return input;
}
